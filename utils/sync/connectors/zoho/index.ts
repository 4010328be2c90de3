// Zoho CRM (REST API v7) connector: Accounts, Contacts, Leads, Deals and the deals' contact roles.
//
// Data centres: every Zoho account lives in one data centre (US .com, EU .eu, IN .in, AU .com.au,
// JP .jp, CN .com.cn, CA zohocloud.ca); its API is at `www.zohoapis.<dc>` and its sign-in at
// `accounts.zoho.<dc>` (utils/crms/zohoDataCentres.ts). The connection's baseUrl is the API domain the token
// reply names (`api_domain`).
//
// Pull: per module, `GET /crm/v7/{module}?fields=…&sort_by=Modified_Time&sort_order=asc`, 200 a
// page, paged by modification time rather than by page number: each page asks with
// `If-Modified-Since` the newest change seen so far (read as "at or after"; 304 when nothing
// changed) and skips the records already read at that very second. Nothing shifts under a record
// changed or deleted mid-read, and no read meets v7's 2,000 records by page numbers; only records
// sharing one second are paged through (`page`, then `page_token` from `info.next_page_token`).
// A deal's contacts and roles come from its Contact_Roles related list
// (`GET /Deals/{id}/Contact_Roles`), read for every deal a pull brings, and its `Contact_Name`.
// Zoho has no bulk read of contact roles (COQL does not query them): a page's related-list calls
// are asked together and let through by the connection's concurrency cap.
// Lines: each deal's Sales_Orders' `Ordered_Items` (lines.ts: zohoLine), an order replacing its own
// items; `Products` is the catalogue. Notes are touches (activities of type note, source crm).
// Deletions: `GET /crm/v7/{module}/deleted?type=all` with If-Modified-Since, every 15 minutes (a
// deleted sales order's items leave its deal: removedLinks). That list does not take Notes: once a
// day the notes' ids are listed whole, and a note touch no longer listed leaves (activitiesListed).
//
// Push: updates `PUT /crm/v7/{module}` (100 records a call: safe to repeat); creates are upserts,
// `POST /crm/v7/{module}/upsert` with `duplicate_check_fields: ["Dealside_Id"]` on the unique
// Dealside id field an admin adds, so a retry after a lost answer updates the record the first
// attempt made. Without that field a person is looked up by e-mail (an account or deal by name)
// before it is inserted. Each record of a write answers on its own
// (`{"data":[{"code":"…","status":"success"|"error","details":{…}}]}`, HTTP 200/201/202/207/400).
//
// Contact roles: `PUT /Deals/{deal}/Contact_Roles/{contact}` with `{"data":[{"Contact_Role":{"id"}}]}`
// adds the contact to the deal or changes its role (safe to repeat); clearing a role keeps the
// link (Contact_Role null). Our buying-committee roles are Zoho contact roles, found by name or
// added on connect (`POST /Contacts/roles`).
//
// Owners: `Owner` ({id, name, email}); the users are read on every pull (`GET /users?type=AllUsers`)
// as `zoho-user-<id>`; the signed-in user is `GET /users?type=CurrentUser`.
//
// BANT: Zoho has no qualification fields of its own; custom fields `Dealside_Budget_Status` … on
// Deals and Leads (an admin adds them; connect lists the missing ones), mappable in Options.
//
// Limits: API credits per org in a rolling 24 hours (1 a call for what Dealside sends), and a
// concurrency limit per org and app (5 Free, 10 Standard, 15 Professional, 20 Enterprise, 25
// Ultimate) that the whole team's extensions share; past either, 429 `TOO_MANY_REQUESTS`. The
// limiter (zohoLimiter) keeps to half the edition's concurrency, reads `X-RATELIMIT-*` when an
// answer carries them, and stops before the last few percent of the credits.
//
// The connector is built in layers, one concern a file, each class extending the one before:
// core.ts (streams, modules, field values both ways) → roles.ts → connect.ts → pull.ts → push.ts →
// activities.ts, and ZohoConnector below is the last; model.ts holds the API's constants, error
// wording and pure helpers.
import { ZohoActivities } from './activities';
import type { CrmConnector } from '../../connector';

export class ZohoConnector extends ZohoActivities implements CrmConnector {}

export { ZOHO_API, ZOHO_DEALSIDE_ID, ZOHO_LINKEDIN, ZOHO_OWNER, ZOHO_DELETED_EVERY_MS, zohoBantField, ZOHO_DEFAULT_FIELDS, ZOHO_STAGES, describeZohoError, classifyZohoError, zohoTime } from './model';

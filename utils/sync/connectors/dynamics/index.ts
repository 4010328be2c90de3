// Dynamics 365 (Dataverse Web API v9.2) connector: accounts, contacts, leads, opportunities and
// their stakeholders (connections with a connection role).
//
// Pull: change tracking. The first read of a table is `GET <set>?$select=…` with
// `Prefer: odata.track-changes, odata.maxpagesize=N`, followed page by page through
// `@odata.nextLink`; its last page carries `@odata.deltaLink`, kept as the stream's cursor. Every
// later pull follows that delta link: records created or changed since, and records deleted since
// as `$deletedEntity` rows (id and reason), in the same pages. A delta token the server no longer
// knows (4xx) starts a full read again. A table whose change tracking is off answers without a
// delta link: it is then read by `modifiedon ge <last seen>` (deletions then arrive only as a 404
// on a push).
//
// Push: one `$batch` per call (independent parts, `Prefer: odata.continue-on-error`). Updates are
// `PATCH <set>(<id>)` with `If-Match: *` (never an accidental create); creates are upserts,
// `PATCH <set>(dealside_dealsideid='<our id>')` on the alternate key an admin adds, so a retry after
// a lost answer updates the record the first attempt made. Without the key, the record is looked
// up by e-mail or name before it is created.
//
// Lines: the `opportunityproduct` table (change-tracked like the others) gives each opportunity's
// lines (lines.ts: dynamicsLine), merged by line id; `product` is the catalogue. A won opportunity's
// `actualclosedate` is when its lines were owned from. Its sales orders (`salesorder`, tracked too)
// are read with all their lines (`salesorderdetail`, lines.ts: dynamicsOrderLine), each order
// replacing its own lines on the deal, and order lines changed alone come through their own
// tracked stream (`salesorderdetail`), marked `ordered` (they win over the opportunity's products:
// never counted twice), converted to the opportunity's currency when the order's differs. Deleted
// lines, orders and connections come back as ids alone: the deal keeps the ids it read
// (`linkIds`), and `removedLinks` undoes them.
//
// Currency: money columns carry `transactioncurrencyid`; Dealside keeps the ISO code (the deal's and
// the product's `currency`) and writes a deal's back as a bind to the currency of that code.
//
// Metadata: connect makes the missing dealside_* columns and the alternate key in a `dealside`
// solution when the signed-in user may customize; otherwise it tells what an admin must add.
//
// Stakeholders: a deal ↔ person link is a connection (record1 the opportunity, record2 the contact,
// record2roleid the buying-committee role: a connection role of category Stakeholder). Links and
// roles are read before they are written: a retry never makes a second connection.
//
// Owners: `ownerid` (a systemuser; a team owner reads as no owner). The systemusers are read on
// every pull as `dynamics-user-<systemuserid>`; the signed-in user comes from WhoAmI.
//
// BANT goes to Dynamics' own qualification columns where there is one (lead and opportunity:
// budgetamount, budgetstatus, purchasetimeframe, decisionmaker, need) and to custom columns
// `dealside_*` (an admin adds them) for the rest.
//
// Limits (service protection, per user, 5-minute sliding window): 6,000 requests, 20 minutes of
// execution time, 52 concurrent requests; past them a 429 with Retry-After. The limiter keeps
// inside the request count, reads the remaining-requests and remaining-time headers when the
// answer has them, and the HTTP client waits out Retry-After.
//
// The connector is built in layers, one concern a file, each class extending the one before:
// core.ts (streams, tables, field values both ways, $batch) → roles.ts → connect.ts → pull.ts → push.ts → activities.ts,
// and DynamicsConnector below is the last; model.ts holds the API's constants, error wording and
// pure helpers.
import { DynamicsActivities } from './activities';
import type { CrmConnector } from '../../connector';

export class DynamicsConnector extends DynamicsActivities implements CrmConnector {}

export { DYNAMICS_API, DYNAMICS_DEALSIDE_ID, DYNAMICS_LINKEDIN, DYNAMICS_OWNER, STAKEHOLDER_CATEGORY, DYNAMICS_NATIVE_BANT, DYNAMICS_OPTIONS, dynamicsBantField, DYNAMICS_DEFAULT_FIELDS, describeDynamicsError, classifyDynamicsError, odataString, entityIdOf, type BatchPart, type BatchAnswer, batchBody, parseBatchAnswer } from './model';

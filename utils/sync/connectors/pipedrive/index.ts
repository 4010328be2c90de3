// Pipedrive connector (API token; persons, organizations, deals, products).
//
// Pull: API v2 lists with `updated_since` and `sort_by=update_time`, 500 per page, following
// `additional_data.next_cursor`; the next read starts at the newest update_time seen (ids read at
// that second are skipped). Custom fields are read and written by their 40-character keys.
//
// Push: v2 PATCH per record (Pipedrive has no batch update), after a v2 read by ids that checks
// nobody changed the same fields meanwhile. Creates look for our id first (search on the
// "Dealside id" custom field, and on a retry also the records updated since the first attempt —
// the search index can lag), then POST. Links: org_id / person_id, and deal participants when a
// deal already has another contact.
//
// Owners: persons, organizations, deals and leads carry `owner_id`, a user id (an integer in API
// v2 and on leads; an object {id, name, …, value} in v1 answers — both are read). The company's
// users (GET /v1/users, inactive ones too) are read first on every pull as `pipedrive-user-<id>`,
// the id adoptCrmUser gives the users/me user. A create goes with the chosen owner when they are
// one of the company's users, else Pipedrive makes the token's user the owner.
//
// Limits: a rolling 2-second burst window per token and the company's daily token budget, both
// from the x-ratelimit-* and x-daily-ratelimit-token-* headers; search has its own lower burst.
//
// The connector is built in layers, one concern a file, each class extending the one before:
// core.ts (streams, field values both ways, request bodies) → roles.ts → connect.ts → leads.ts → pull.ts → push.ts → activities.ts,
// and PipedriveConnector below is the last; model.ts holds the API's constants, error wording and
// pure helpers.
import { PipedriveActivities } from './activities';
import type { CrmConnector } from '../../connector';

export class PipedriveConnector extends PipedriveActivities implements CrmConnector {}

export { PIPEDRIVE_OBJECT_TYPE, PIPEDRIVE_ID_FIELD, PIPEDRIVE_LINKEDIN_FIELD_NAME, PIPEDRIVE_DELETED_EVERY_MS, PIPEDRIVE_LEAD_OBJECT, PIPEDRIVE_OWNER, PIPEDRIVE_DEFAULT_FIELDS, describePipedriveError } from './model';

// HubSpot CRM v3 connector (contacts, companies, deals, products, line items; associations v4).
//
// Pull: a first full read pages through the list endpoint (100 per page, associations inline, no
// result cap); later reads use the search endpoint on the last-modified property (200 per page),
// which returns at most 10,000 results per query, so a long run of changes is read as several
// queries, each starting at the newest modification seen (ids already read at that instant are
// skipped). Search has its own limit (5 per second); everything else shares the ten-second window.
//
// Push: batch update (100 per call) after a batch read that checks nobody changed the same fields
// in HubSpot meanwhile; creates are batch upserts by our unique `dealside_id` property, so a retry
// after a lost answer finds the record instead of making a second one; associations use the v4
// default associations, which are idempotent.
//
// Owners: records name their owner in `hubspot_owner_id`, which holds an OWNER id (GET
// /crm/v3/owners), not the user id HubSpot's OAuth token info and settings speak of. Our user id is
// `hubspot-user-<userId>` (adoptCrmUser's form), so the signed-in user and the owner of their records
// are one user; the owners read at the start of every pull (the `owners` stream, active and
// deactivated owners) translate between the two. An owner not listed reads as no owner.
//
// BANT lives in properties of a "Dealside qualification" group on deals and contacts, created on
// connect when the token has the crm.schemas.*.write scopes, else mapped to properties an admin
// created with the same names.
//
// The connector is built in layers, one concern a file, each class extending the one before:
// core.ts (streams, properties both ways, records) → owners.ts → roles.ts → connect.ts → pull.ts → push.ts → activities.ts,
// and HubspotConnector below is the last; model.ts holds the API's constants, error wording and
// pure helpers.
import { HubspotActivities } from './activities';
import type { CrmConnector } from '../../connector';

export class HubspotConnector extends HubspotActivities implements CrmConnector {}

export { HUBSPOT_API, HUBSPOT_DEALSIDE_ID, HUBSPOT_GROUP, HUBSPOT_OWNER, HUBSPOT_LINKEDIN, HUBSPOT_DEALSIDE_LINKEDIN, type HsEngagement, HUBSPOT_ENGAGEMENT_OF, HUBSPOT_ENGAGEMENT_TYPE_ID, HUBSPOT_ENGAGEMENT_ASSOCIATIONS, HUBSPOT_OBJECT_TYPE, HUBSPOT_ARCHIVED_EVERY_MS, hubspotBantProperty, HUBSPOT_DEFAULT_FIELDS, HUBSPOT_DEFAULT_STAGES, describeHubspotError } from './model';

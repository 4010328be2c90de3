// Salesforce REST connector (Account, Contact, Lead, Opportunity, OpportunityContactRole,
// OpportunityLineItem, Product2).
//
// Pull: SOQL ordered by SystemModstamp (then Id), from the last SystemModstamp seen, following
// `nextRecordsUrl` page by page (2,000 per page); a query locator that expired while the worker
// slept is replaced by a new query from the newest SystemModstamp read. The first read is the
// same query without the WHERE clause.
//
// Push: updates as sObject collections (200 per call) after a SOQL read that checks nobody changed
// the same fields in Salesforce meanwhile; creates as upserts by the external id `Dealside_Id__c`
// (a retry finds the record made the first time); account links through one composite request
// (up to 25 updates), contact roles created only after a query shows they are missing.
//
// Owners: every Account, Contact, Lead and Opportunity has an OwnerId, a User id (a Lead may be
// owned by a queue, 00G…, which is no one we can name). The users (`SELECT Id, Name, Email FROM
// User`) are read first on every pull, as `salesforce-user-<Id>` — the id adoptCrmUser gives the
// signed-in user from userinfo. A create goes with the chosen owner when they are one of the org's
// users; otherwise Salesforce makes the token's user the owner.
//
// BANT lives in custom fields (Dealside_Budget_Status__c …) on Opportunity and Lead, which an
// admin adds (REST cannot create fields); connect maps what exists and says what is missing.
// Every answer carries Sforce-Limit-Info: the org's daily API budget is watched and shown.
//
// The connector is built in layers, one concern a file, each class extending the one before:
// core.ts (streams, objects, field values both ways, SOQL) → roles.ts → connect.ts → pull.ts → push.ts → activities.ts,
// and SalesforceConnector below is the last; model.ts holds the API's constants, error wording and
// pure helpers.
import { SalesforceActivities } from './activities';
import type { CrmConnector } from '../../connector';

export class SalesforceConnector extends SalesforceActivities implements CrmConnector {}

export { SALESFORCE_API_VERSION, SALESFORCE_DELETED_EVERY_MS, SALESFORCE_DEALSIDE_ID, SALESFORCE_LINKEDIN, SALESFORCE_OWNER, salesforceBantField, SALESFORCE_DEFAULT_FIELDS, SALESFORCE_DEFAULT_STAGES, describeSalesforceError, classifySalesforceError, soqlDateTime, soqlString } from './model';

// Salesforce logged touches: Tasks and Events with our id (or a marker) that a retry looks for.
import { type FieldValue } from '../../../domain/fields/recordFields';
import { SyncError } from '../../http';
import { type ActivityItem, type CreateResult } from '../../connector';
import { activityMarker, hasActivityMarker } from '../../activities';
import { SALESFORCE_DEALSIDE_ID, DATA, BATCH, type SfActivity, saveError, soqlDateTime, soqlString } from './model';
import { TOUCH_TITLE } from '../base';
import { SalesforcePush } from './push';
import { SF_SAVE_RESULTS } from './schemas';

export class SalesforceActivities extends SalesforcePush {
  /** A touch as a Task or an Event (WhoId: the Contact or Lead; WhatId: the Opportunity, else the Account). */
  protected activityRecord(item: ActivityItem, mode: 'field' | 'marker'): { object: SfActivity; values: Record<string, FieldValue> } {
    const object: SfActivity = item.type === 'meeting' ? 'Event' : 'Task';
    const at = new Date(Date.parse(item.at));
    const description = [item.body ?? '', mode === 'marker' ? activityMarker(item.dealsideId) : ''].filter(Boolean).join('\n\n');
    const v: Record<string, FieldValue> = { Subject: (item.subject ?? TOUCH_TITLE[item.type]).slice(0, 255) };
    if (description) v.Description = description;
    const who = item.links.person;
    if (who) v.WhoId = who.crmId;
    // a Lead is related to nothing else in Salesforce
    const what = who?.objectType === 'Lead' ? undefined : (item.links.deal ?? item.links.account);
    if (what) v.WhatId = what.crmId;
    if (mode === 'field') v[SALESFORCE_DEALSIDE_ID] = item.dealsideId;
    if (object === 'Event') {
      v.StartDateTime = at.toISOString();
      v.EndDateTime = new Date(at.getTime() + (item.durationMin ?? 30) * 60_000).toISOString();
      v.Type = 'Meeting';
      return { object, values: v };
    }
    Object.assign(v, { ActivityDate: at.toISOString().slice(0, 10), Status: 'Completed', Priority: 'Normal' });
    if (item.type === 'call') {
      Object.assign(v, { TaskSubtype: 'Call', Type: 'Call', CallType: item.direction === 'inbound' ? 'Inbound' : 'Outbound' });
      if (item.durationMin !== undefined) v.CallDurationInSeconds = Math.round(item.durationMin * 60);
    } else if (item.type === 'email-sent' || item.type === 'email-replied') Object.assign(v, { TaskSubtype: 'Email', Type: 'Email' });
    else Object.assign(v, { TaskSubtype: 'Task', Type: 'Other' });
    return { object, values: v };
  }

  /**
   * What an attempt whose answer was lost made: by Dealside_Id__c, or (no such field) the activities
   * of the touch's Who / What since the first attempt, read for the marker — SOQL cannot filter on
   * Description (a long text area). SOQL reads the database: a record made is seen at once.
   */
  protected async findActivities(object: SfActivity, items: ReadonlyArray<{ index: number; item: ActivityItem }>, mode: 'field' | 'marker'): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    if (mode === 'field') {
      for (let i = 0; i < items.length; i += BATCH) {
        const chunk = items.slice(i, i + BATCH);
        const rows = await this.soqlAll(`SELECT Id, ${SALESFORCE_DEALSIDE_ID} FROM ${object} WHERE ${SALESFORCE_DEALSIDE_ID} IN (${chunk.map((c) => soqlString(c.item.dealsideId)).join(',')})`);
        for (const c of chunk) {
          const row = rows.find((r) => r[SALESFORCE_DEALSIDE_ID] === c.item.dealsideId);
          if (row) found.set(c.index, String(row.Id));
        }
      }
      return found;
    }
    for (const c of items) {
      const { item } = c;
      const on = item.links.person ? `WhoId = ${soqlString(item.links.person.crmId)}` : `WhatId = ${soqlString((item.links.deal ?? item.links.account)!.crmId)}`;
      const since = soqlDateTime(new Date(Date.parse(item.retrySince ?? item.at) - 5 * 60_000).toISOString());
      const rows = await this.soqlAll(`SELECT Id, Description FROM ${object} WHERE ${on} AND CreatedDate >= ${since}`);
      const row = rows.find((r) => hasActivityMarker(typeof r.Description === 'string' ? r.Description : undefined, item.dealsideId));
      if (row) found.set(c.index, String(row.Id));
    }
    return found;
  }

  /**
   * Touches as Tasks (calls, e-mails, notes) and Events (meetings), created with sObject
   * collections (200 per call, each record on its own). Exactly once: a retry first looks for what
   * the lost attempt made (findActivities).
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const mode = this.connection.capabilities.activityIds === 'field' ? 'field' : 'marker';
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    const records = items.map((item) => this.activityRecord(item, mode));
    const fresh: number[] = [];
    for (const object of ['Task', 'Event'] as const) {
      const retries = items.map((item, index) => ({ index, item })).filter((c) => records[c.index]!.object === object && c.item.retrySince);
      const found = retries.length ? await this.findActivities(object, retries, mode) : new Map<number, string>();
      items.forEach((_, index) => {
        if (records[index]!.object !== object) return;
        const id = found.get(index);
        if (id) results[index] = { ok: true, crmId: id, objectType: object, created: false };
        else fresh.push(index);
      });
    }
    for (let i = 0; i < fresh.length; i += BATCH) {
      const chunk = fresh.slice(i, i + BATCH);
      const { body } = await this.http.request({
        method: 'POST',
        url: `${DATA}/composite/sobjects`,
        body: { allOrNone: false, records: chunk.map((j) => ({ attributes: { type: records[j]!.object }, ...records[j]!.values })) },
      }, SF_SAVE_RESULTS);
      chunk.forEach((j, k) => {
        const r = body[k];
        results[j] = r?.success && r.id ? { ok: true, crmId: r.id, objectType: records[j]!.object, created: true } : { ok: false, error: saveError(r?.errors ?? []) };
      });
    }
    return results;
  }
}

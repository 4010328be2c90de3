// Zoho CRM logged touches: notes on the deal, else the person, else the account, with the
// marker a retry looks for.
import { SyncError } from '../../http';
import { type ActivityItem, type CreateResult, type RemoteRef } from '../../connector';
import { activityMarker, hasActivityMarker } from '../../activities';
import { ZOHO_API, PAGE_SIZE, type Module, recordError } from './model';
import { TOUCH_TITLE } from '../base';
import { ZohoPush } from './push';
import { ZOHO_LIST, ZOHO_WRITE } from './schemas';

export class ZohoActivities extends ZohoPush {
  /** The record a touch is on: the deal, else the person, else the account. */
  protected parentOf(item: ActivityItem): { ref: RemoteRef; module: Module } | undefined {
    const { deal, person, account } = item.links;
    if (deal) return { ref: deal, module: 'Deals' };
    if (person) return { ref: person, module: person.objectType === 'Leads' ? 'Leads' : 'Contacts' };
    if (account) return { ref: account, module: 'Accounts' };
    return undefined;
  }

  protected async findNote(module: Module, parent: string, dealsideId: string): Promise<string | undefined> {
    for (let page = 1; ; page++) {
      const res = await this.http.request({
        method: 'GET',
        url: `${ZOHO_API}/${module}/${encodeURIComponent(parent)}/Notes`,
        query: { fields: 'Note_Title,Note_Content', per_page: PAGE_SIZE, page, sort_by: 'Created_Time', sort_order: 'desc' },
        accept: [204],
      }, ZOHO_LIST);
      const hit = (res.body?.data ?? []).find((n) => hasActivityMarker(typeof n.Note_Content === 'string' ? n.Note_Content : undefined, dealsideId));
      if (hit) return String(hit.id);
      if (res.status !== 200 || !res.body?.info?.more_records) return undefined;
    }
  }

  /**
   * Touches as notes on the deal, else the person, else the account, with the "Dealside ref" line
   * in their text; a retry looks through the record's notes for it before adding another.
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = [];
    for (const item of items) {
      const parent = this.parentOf(item);
      if (!parent) {
        results.push({ ok: false, error: new SyncError('invalid', 'The touch is on no record Zoho CRM holds.') });
        continue;
      }
      const found = item.retrySince ? await this.findNote(parent.module, parent.ref.crmId, item.dealsideId) : undefined;
      if (found) {
        results.push({ ok: true, crmId: found, objectType: 'Notes', created: false });
        continue;
      }
      const when = new Date(Date.parse(item.at)).toISOString().slice(0, 16).replace('T', ' ');
      const title = `${item.subject ?? TOUCH_TITLE[item.type]}`.slice(0, 120);
      const lines = [`${TOUCH_TITLE[item.type]} · ${when} UTC${item.durationMin !== undefined ? ` · ${Math.round(item.durationMin)} min` : ''} · ${item.direction}`, item.body ?? '', activityMarker(item.dealsideId)].filter(Boolean);
      try {
        const { body } = await this.http.request({
          method: 'POST',
          url: `${ZOHO_API}/Notes`,
          body: { data: [{ Note_Title: title, Note_Content: lines.join('\n\n'), Parent_Id: { module: { api_name: parent.module }, id: parent.ref.crmId } }] },
          accept: [400],
        }, ZOHO_WRITE);
        const a = body?.data?.[0];
        results.push(a?.status === 'success' && typeof a.details?.id === 'string' ? { ok: true, crmId: a.details.id, objectType: 'Notes', created: true } : { ok: false, error: recordError(a) });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }
}

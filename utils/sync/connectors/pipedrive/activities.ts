// Pipedrive logged touches: activities and notes with a marker a retry looks for.
import { SyncError } from '../../http';
import { type ActivityItem, type CreateResult } from '../../connector';
import { activityMarker, hasActivityMarker } from '../../activities';
import { PD_ACTIVITY_TYPE, PD_TOUCH_SUBJECT, PD_LINKS, PIPEDRIVE_LEAD_OBJECT } from './model';
import { PipedrivePush } from './push';
import { PD_CREATED, PD_TOUCHES } from './schemas';

export class PipedriveActivities extends PipedrivePush {
  /** The touch's links as Pipedrive ids (person_id, deal_id, org_id). */
  protected touchLinks(item: ActivityItem): Record<'person_id' | 'deal_id' | 'org_id', number> {
    const out: Partial<Record<'person_id' | 'deal_id' | 'org_id', number>> = {};
    for (const [entity, key] of PD_LINKS) {
      const ref = item.links[entity];
      // a Pipedrive lead (deal-to-be) is not an activity's deal
      if (ref && ref.objectType !== PIPEDRIVE_LEAD_OBJECT) out[key] = Number(ref.crmId);
    }
    return out as Record<'person_id' | 'deal_id' | 'org_id', number>;
  }

  /**
   * What an attempt whose answer was lost made: the activities (or notes) of the touch's first
   * record, read for the marker. They are read from the database (no search index): one made is
   * seen at once.
   */
  protected async findTouch(item: ActivityItem): Promise<string | undefined> {
    const links = this.touchLinks(item);
    const first = PD_LINKS.find(([, key]) => links[key] !== undefined);
    if (!first) return undefined;
    const [, key, type] = first;
    let start = 0;
    for (let pages = 0; pages < 50; pages++) {
      const { body } = await this.http.request(
        item.type === 'note'
          ? { method: 'GET', url: '/v1/notes', query: { [key]: links[key], start, limit: 500 } }
          : { method: 'GET', url: `/v1/${type}/${links[key]}/activities`, query: { start, limit: 500 } },
        PD_TOUCHES,
      );
      const hit = (body.data ?? []).find((a) => hasActivityMarker(item.type === 'note' ? a.content : a.note, item.dealsideId));
      if (hit) return String(hit.id);
      const p = body.additional_data?.pagination;
      if (!p?.more_items_in_collection || p.next_start === undefined) return undefined;
      start = p.next_start;
    }
    return undefined;
  }

  /**
   * Touches as activities (call, email, meeting; done, at their time) or notes, with person_id,
   * deal_id and org_id. Activities and notes have no custom fields, so the marker line goes in
   * their text, and a retry reads the record's activities (or notes) for it before creating.
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = [];
    for (const item of items) {
      try {
        const found = item.retrySince ? await this.findTouch(item) : undefined;
        if (found) {
          results.push({ ok: true, crmId: found, objectType: item.type === 'note' ? 'note' : 'activity', created: false });
          continue;
        }
        const text = [item.body ?? '', activityMarker(item.dealsideId)].filter(Boolean).join('\n\n');
        const links = this.touchLinks(item);
        if (Object.keys(links).length === 0) {
          // only a lead from the Leads inbox: Dealside does not log touches on those yet
          results.push({ ok: false, error: new SyncError('invalid', 'Pipedrive: this touch is only on a lead of the Leads inbox, where Dealside does not log touches; log it on the person or the deal.') });
          continue;
        }
        if (item.type === 'note') {
          const content = [item.subject ?? '', text].filter(Boolean).join('\n\n');
          const { body } = await this.http.request({ method: 'POST', url: '/v1/notes', body: { content, ...links } }, PD_CREATED);
          results.push({ ok: true, crmId: String(body.data.id), objectType: 'note', created: true });
          continue;
        }
        const at = new Date(Date.parse(item.at)).toISOString();
        const minutes = Math.max(0, Math.round(item.durationMin ?? 0));
        const { body } = await this.http.request({
          method: 'POST',
          url: '/v1/activities',
          body: {
            subject: item.subject ?? PD_TOUCH_SUBJECT[item.type],
            type: PD_ACTIVITY_TYPE[item.type],
            due_date: at.slice(0, 10),
            due_time: at.slice(11, 16), // UTC
            ...(minutes ? { duration: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}` } : {}),
            note: text,
            done: 1,
            ...links,
          },
        }, PD_CREATED);
        results.push({ ok: true, crmId: String(body.data.id), objectType: 'activity', created: true });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }
}

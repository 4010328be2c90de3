// Dynamics 365 logged touches: phone calls, e-mails, appointments and notes with our id (or a
// marker) a retry looks for.
import type { LoggedTouchType } from '../../../domain/entities';
import { SyncError } from '../../http';
import { type ActivityItem, type CreateResult, type RemoteRef } from '../../connector';
import { activityMarker, hasActivityMarker } from '../../activities';
import { DYNAMICS_API, DYNAMICS_DEALSIDE_ID, type Table, SET, odataString, entityIdOf } from './model';
import { TOUCH_TITLE } from '../base';
import { DynamicsPush } from './push';

export class DynamicsActivities extends DynamicsPush {
  protected activityTable(type: LoggedTouchType): 'phonecall' | 'email' | 'appointment' | 'annotation' {
    return type === 'call' ? 'phonecall' : type === 'meeting' ? 'appointment' : type === 'note' ? 'annotation' : 'email';
  }

  /** The record a touch is "regarding": the deal, else the person, else the account. */
  protected regarding(item: ActivityItem): { ref: RemoteRef; table: Table } | undefined {
    const { deal, person, account } = item.links;
    if (deal) return { ref: deal, table: 'opportunity' };
    if (person) return { ref: person, table: person.objectType === 'lead' ? 'lead' : 'contact' };
    if (account) return { ref: account, table: 'account' };
    return undefined;
  }

  protected activityBody(item: ActivityItem, mode: 'field' | 'marker'): Record<string, unknown> {
    const table = this.activityTable(item.type);
    const about = this.regarding(item)!;
    const text = [item.body ?? '', mode === 'marker' || table === 'annotation' ? activityMarker(item.dealsideId) : ''].filter(Boolean).join('\n\n');
    const subject = (item.subject ?? TOUCH_TITLE[item.type]).slice(0, 200);
    if (table === 'annotation') {
      return { subject, notetext: text, [`objectid_${about.table}@odata.bind`]: `/${SET[about.table]}(${about.ref.crmId})` };
    }
    const start = new Date(Date.parse(item.at));
    const body: Record<string, unknown> = {
      subject,
      ...(text ? { description: text } : {}),
      [`regardingobjectid_${about.table}_${table}@odata.bind`]: `/${SET[about.table]}(${about.ref.crmId})`,
      actualstart: start.toISOString(),
      ...(item.durationMin !== undefined ? { actualdurationminutes: Math.round(item.durationMin) } : {}),
      ...(mode === 'field' ? { [DYNAMICS_DEALSIDE_ID]: item.dealsideId } : {}),
    };
    if (table === 'phonecall' || table === 'email') body.directioncode = item.direction !== 'inbound';
    if (table === 'appointment') {
      body.scheduledstart = start.toISOString();
      body.scheduledend = new Date(start.getTime() + (item.durationMin ?? 30) * 60_000).toISOString();
    }
    return body;
  }

  /** What an attempt whose answer was lost made: by our id column, else by the marker in the text. */
  protected async findActivity(item: ActivityItem, mode: 'field' | 'marker'): Promise<string | undefined> {
    const table = this.activityTable(item.type);
    const about = this.regarding(item)!;
    const since = new Date(Date.parse(item.retrySince ?? item.at) - 5 * 60_000).toISOString();
    if (table === 'annotation') {
      const rows = await this.getAll(`${DYNAMICS_API}/annotations?$select=annotationid,notetext&$filter=_objectid_value eq ${about.ref.crmId} and createdon ge ${since}`);
      return rows.find((r) => hasActivityMarker(typeof r.notetext === 'string' ? r.notetext : undefined, item.dealsideId))?.annotationid as string | undefined;
    }
    const id = `activityid`;
    if (mode === 'field') {
      const rows = await this.getAll(`${DYNAMICS_API}/${SET[table]}?$select=${id}&$filter=${DYNAMICS_DEALSIDE_ID} eq ${odataString(item.dealsideId)}`);
      return rows[0]?.[id] as string | undefined;
    }
    const rows = await this.getAll(`${DYNAMICS_API}/${SET[table]}?$select=${id},description&$filter=_regardingobjectid_value eq ${about.ref.crmId} and createdon ge ${since}`);
    return rows.find((r) => hasActivityMarker(typeof r.description === 'string' ? r.description : undefined, item.dealsideId))?.[id] as string | undefined;
  }

  /**
   * Touches as phone calls, e-mails, appointments (activities, regarding the deal, else the person,
   * else the account) and notes (annotations). Each is created alone (a POST is not safe to
   * repeat); a retry first looks for what the lost attempt made.
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const mode = this.connection.capabilities.activityIds === 'field' ? 'field' : 'marker';
    const results: CreateResult[] = [];
    for (const item of items) {
      const table = this.activityTable(item.type);
      if (!this.regarding(item)) {
        results.push({ ok: false, error: new SyncError('invalid', 'The touch is on no record Dynamics 365 holds.') });
        continue;
      }
      const found = item.retrySince ? await this.findActivity(item, mode) : undefined;
      if (found) {
        results.push({ ok: true, crmId: String(found).toLowerCase(), objectType: table, created: false });
        continue;
      }
      try {
        const res = await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/${SET[table]}`, body: this.activityBody(item, mode) });
        const id = entityIdOf(res.headers.get('odata-entityid') ?? undefined);
        results.push(id ? { ok: true, crmId: id, objectType: table, created: true } : { ok: false, error: new SyncError('transient', 'Dynamics 365 did not say which activity it made.') });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }
}

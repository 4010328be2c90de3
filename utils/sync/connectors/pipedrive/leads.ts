// Pipedrive Leads: the Leads inbox read as deals of kind lead, and the body a lead's BANT is
// written with.
import { normalizeField, type FieldValue } from '../../../domain/fields/recordFields';
import type { PullCursor } from '../../../store/syncRecords';
import { type PullPage, type RemoteRecord, crmUserId } from '../../connector';
import { PAGE, PIPEDRIVE_LEAD_OBJECT, ownerOf, toOwnerId } from './model';
import { PipedriveConnect } from './connect';
import { PD_LEADS, PD_ONE_LEAD, type PdLead } from './schemas';

export class PipedriveLeads extends PipedriveConnect {
  /** A lead's value of one canonical deal field (leads share the deals' custom fields, top level). */
  protected leadValue(l: PdLead, field: string, path: string): FieldValue {
    if (field === 'stage') return l.is_archived ? 'closed-lost' : 'discovery'; // an archived lead was dismissed
    if (path.startsWith('custom_fields.')) return normalizeField('deal', field, l[path.slice(14)] ?? null);
    if (path === 'title') return normalizeField('deal', field, l.title ?? null);
    if (path === 'value') return normalizeField('deal', field, l.value?.amount ?? null);
    if (path === 'currency') return normalizeField('deal', field, l.value?.currency ?? null);
    if (field === 'ownerId') {
      const id = ownerOf(l[path]);
      return id ? crmUserId('pipedrive', id) : null;
    }
    return normalizeField('deal', field, l[path] ?? null);
  }

  protected leadRecord(l: PdLead): RemoteRecord {
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, path] of Object.entries(this.map('deal'))) fields[canonical] = this.leadValue(l, canonical, path);
    const key = this.idKey('deal');
    const dealsideId = key ? l[key] : undefined;
    return {
      entity: 'deal',
      objectType: PIPEDRIVE_LEAD_OBJECT,
      crmId: l.id.toLowerCase(),
      modifiedAt: new Date(Date.parse(l.update_time)).toISOString(),
      ...(typeof dealsideId === 'string' && dealsideId ? { dealsideId } : {}),
      fields,
      links: { accountCrmId: l.organization_id ? String(l.organization_id) : null, contactCrmIds: l.person_id ? [String(l.person_id)] : [] },
    };
  }

  /**
   * The Leads inbox (archived leads too): GET /v1/leads sorted by update_time, newest first, 500 per
   * page with start/limit; a later read stops at the first lead older than the newest one seen
   * before (ids seen at that instant are skipped). A lead changed while the pages are read moves
   * to the top and is read next time.
   */
  protected async *pullLeads(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const since = cursor?.since;
    const sinceMs = since ? Date.parse(since) : undefined;
    const seen = new Set(cursor?.seenAtHighWater ?? []);
    let highWater = cursor?.highWater ?? since;
    let highIds = new Set<string>(highWater === since ? seen : []);
    let start = cursor?.after ? Number(cursor.after) : 0;
    for (;;) {
      const { body } = await this.http.request({
        method: 'GET',
        url: '/v1/leads',
        query: { start, limit: PAGE, archived_status: 'all', sort: 'update_time DESC' },
      }, PD_LEADS);
      const fresh: PdLead[] = [];
      let reachedOld = false;
      for (const l of body.data ?? []) {
        const ms = Date.parse(l.update_time);
        if (sinceMs !== undefined && ms < sinceMs) {
          reachedOld = true;
          break;
        }
        if (sinceMs !== undefined && ms === sinceMs && seen.has(l.id)) continue;
        fresh.push(l);
        if (!highWater || ms > Date.parse(highWater)) {
          highWater = new Date(ms).toISOString();
          highIds = new Set([l.id]);
        } else if (ms === Date.parse(highWater)) highIds.add(l.id);
      }
      const p = body.additional_data?.pagination;
      const more = !reachedOld && !!p?.more_items_in_collection && p.next_start !== undefined;
      const next: PullCursor = more
        ? { mode: cursor?.mode ?? 'full', ...(since ? { since } : {}), seenAtHighWater: [...seen], after: String(p!.next_start), ...(highWater ? { highWater } : {}) }
        : { mode: 'incremental', ...(highWater ? { since: highWater } : {}), seenAtHighWater: [...highIds] };
      yield { records: fresh.map((l) => this.leadRecord(l)), cursor: next };
      if (!more) return;
      start = p!.next_start!;
    }
  }

  protected async readLead(id: string): Promise<PdLead | undefined> {
    const res = await this.http.request({ method: 'GET', url: `/v1/leads/${id}`, accept: [404] }, PD_ONE_LEAD);
    return res.status === 404 ? undefined : (res.body.data ?? undefined);
  }

  /** Our deal fields → a PATCH /v1/leads body (a lead has no stage: that one is not sent). */
  protected leadBody(fields: Record<string, FieldValue>, current: PdLead | undefined): Record<string, unknown> {
    const map = this.map('deal');
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const path = map[field];
      if (!path || field === 'stage') continue;
      if (field === 'ownerId') {
        const owner = toOwnerId(value);
        if (owner !== undefined) out[path] = owner;
        continue;
      }
      if (path.startsWith('custom_fields.')) out[path.slice(14)] = value === null ? null : typeof value === 'boolean' ? String(value) : value;
      else if (path === 'value' || path === 'currency') {
        const v = (out.value as { amount?: unknown; currency?: unknown } | undefined) ?? { ...(current?.value ?? {}) };
        if (path === 'value') v.amount = value;
        else v.currency = value;
        out.value = v;
      } else out[path] = value;
    }
    if (out.value && typeof (out.value as { amount?: unknown }).amount !== 'number') out.value = null;
    else if (out.value && !(out.value as { currency?: unknown }).currency) (out.value as { currency?: unknown }).currency = this.connection.account.currency ?? 'EUR';
    return out;
  }

}

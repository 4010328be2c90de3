// HubSpot logged touches: calls, e-mails, meetings and notes with our id (or a marker) a retry
// looks for, associated with their records.
import { SyncError } from '../../http';
import { type ActivityItem, type CreateResult } from '../../connector';
import { activityMarker, hasActivityMarker } from '../../activities';
import { HUBSPOT_DEALSIDE_ID, type HsEngagement, HUBSPOT_ENGAGEMENT_OF, HUBSPOT_ENGAGEMENT_TYPE_ID, HUBSPOT_ENGAGEMENT_ASSOCIATIONS, BODY_OF } from './model';
import { HubspotPush } from './push';
import { HS_BATCH, HS_BATCH_ANY, HS_BATCH_UPSERT, HS_OBJECT, type HsObject } from './schemas';

export class HubspotActivities extends HubspotPush {
  /** An engagement's properties for a logged touch (HubSpot's calls / emails / meetings / notes APIs). */
  protected engagementProperties(item: ActivityItem, withMarker: boolean, withId: boolean): { type: HsEngagement; properties: Record<string, string> } {
    const type = HUBSPOT_ENGAGEMENT_OF[item.type];
    const at = new Date(Date.parse(item.at)).toISOString();
    const body = [item.body ?? '', withMarker ? activityMarker(item.dealsideId) : ''].filter(Boolean).join('\n\n');
    const p: Record<string, string> = { hs_timestamp: at };
    if (withId) p[HUBSPOT_DEALSIDE_ID] = item.dealsideId;
    switch (type) {
      case 'calls':
        Object.assign(p, { hs_call_title: item.subject ?? 'Call', hs_call_status: 'COMPLETED', hs_call_direction: item.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND' });
        if (body) p.hs_call_body = body;
        if (item.durationMin !== undefined) p.hs_call_duration = String(Math.round(item.durationMin * 60_000));
        break;
      case 'emails':
        Object.assign(p, { hs_email_direction: item.type === 'email-replied' ? 'INCOMING_EMAIL' : 'EMAIL', hs_email_status: 'SENT', hs_email_subject: item.subject ?? '' });
        if (body) p.hs_email_text = body;
        break;
      case 'meetings': {
        const end = new Date(Date.parse(at) + (item.durationMin ?? 30) * 60_000).toISOString();
        Object.assign(p, { hs_meeting_title: item.subject ?? 'Meeting', hs_meeting_start_time: at, hs_meeting_end_time: end, hs_meeting_outcome: 'COMPLETED' });
        if (body) p.hs_meeting_body = body;
        break;
      }
      default:
        // a note has no title: the subject leads its text
        p.hs_note_body = [item.subject ?? '', body].filter(Boolean).join('\n\n') || 'Note';
    }
    return { type, properties: p };
  }

  /** The records a touch is associated to: HubSpot object type → id. */
  protected engagementLinks(item: ActivityItem): Array<{ to: 'contacts' | 'companies' | 'deals'; id: string }> {
    const out: Array<{ to: 'contacts' | 'companies' | 'deals'; id: string }> = [];
    if (item.links.person) out.push({ to: 'contacts', id: item.links.person.crmId });
    if (item.links.deal) out.push({ to: 'deals', id: item.links.deal.crmId });
    if (item.links.account) out.push({ to: 'companies', id: item.links.account.crmId });
    return out;
  }

  /** Associate engagements to their records (v4 default associations: idempotent). Errors per item. */
  protected async associateEngagements(type: HsEngagement, pairs: ReadonlyArray<{ index: number; from: string; to: 'contacts' | 'companies' | 'deals'; id: string }>, results: CreateResult[]): Promise<void> {
    for (const to of ['contacts', 'companies', 'deals'] as const) {
      const list = pairs.filter((p) => p.to === to);
      for (let i = 0; i < list.length; i += 1000) {
        const chunk = list.slice(i, i + 1000);
        const { body } = await this.http.request({
          method: 'POST',
          url: `/crm/v4/associations/${type}/${to}/batch/associate/default`,
          body: { inputs: chunk.map((p) => ({ from: { id: p.from }, to: { id: p.id } })) },
          idempotent: true,
          accept: [207],
        }, HS_BATCH_ANY);
        for (const err of body.errors ?? []) {
          const ids = err.context?.toObjectId ?? [];
          for (const p of chunk) if (ids.includes(p.id)) results[p.index] = { ok: false, error: new SyncError('not-found', err.message, 404) };
        }
      }
    }
  }

  /**
   * What an attempt whose answer was lost made: the engagements of this type associated to the
   * touch's first record, read for our id (or marker). Associations are made with the engagement
   * (inline), so they show it at once; search would lag.
   */
  protected async findEngagement(type: HsEngagement, item: ActivityItem, byMarker: boolean): Promise<string | undefined> {
    const [first] = this.engagementLinks(item);
    if (!first) return undefined;
    const ids = (await this.assocRead(first.to, type, [first.id])).get(first.id) ?? [];
    const prop = byMarker ? BODY_OF[type] : HUBSPOT_DEALSIDE_ID;
    for (let i = 0; i < ids.length; i += 100) {
      const { body } = await this.http.request({
        method: 'POST',
        url: `/crm/v3/objects/${type}/batch/read`,
        body: { properties: [prop], inputs: ids.slice(i, i + 100).map((id) => ({ id })) },
        idempotent: true,
        accept: [207],
      }, HS_BATCH);
      const hit = body.results.find((o) => (byMarker ? hasActivityMarker(o.properties[prop], item.dealsideId) : o.properties[prop] === item.dealsideId));
      if (hit) return hit.id;
    }
    return undefined;
  }

  /**
   * Touches as engagements, associated to the contact, deal and company with HubSpot's default
   * association types. With a unique dealside_id: batch upsert by it, then the default associations
   * (both idempotent). Otherwise: batch create with the associations inline; a retry first reads the
   * engagements of the touch's first record for our id (or the marker) and makes nothing twice.
   */
  async logActivities(items: readonly ActivityItem[]): Promise<CreateResult[]> {
    const mode = this.connection.capabilities.activityIds ?? 'marker';
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    const byType = new Map<HsEngagement, number[]>();
    items.forEach((item, i) => byType.set(HUBSPOT_ENGAGEMENT_OF[item.type], [...(byType.get(HUBSPOT_ENGAGEMENT_OF[item.type]) ?? []), i]));
    for (const [type, indexes] of byType) {
      const objectType = HUBSPOT_ENGAGEMENT_TYPE_ID[type];
      for (let c = 0; c < indexes.length; c += this.batchSize) {
        const chunk = indexes.slice(c, c + this.batchSize);
        const made: Array<{ index: number; from: string; to: 'contacts' | 'companies' | 'deals'; id: string }> = [];
        if (mode === 'unique') {
          const { body } = await this.http.request({
            method: 'POST',
            url: `/crm/v3/objects/${type}/batch/upsert`,
            body: { inputs: chunk.map((j) => ({ idProperty: HUBSPOT_DEALSIDE_ID, id: items[j]!.dealsideId, properties: this.engagementProperties(items[j]!, false, false).properties })) },
            idempotent: true, // an upsert by our id: repeating it finds the engagement made the first time
          }, HS_BATCH_UPSERT);
          const byId = new Map(body.results.map((r) => [r.properties[HUBSPOT_DEALSIDE_ID] ?? '', r]));
          for (const j of chunk) {
            const r = byId.get(items[j]!.dealsideId);
            if (!r) {
              results[j] = { ok: false, error: new SyncError('invalid', 'HubSpot did not return the engagement it upserted.') };
              continue;
            }
            results[j] = { ok: true, crmId: r.id, objectType, created: r.new !== false };
            for (const l of this.engagementLinks(items[j]!)) made.push({ index: j, from: r.id, ...l });
          }
          await this.associateEngagements(type, made, results);
          continue;
        }
        const fresh: number[] = [];
        for (const j of chunk) {
          const found = items[j]!.retrySince ? await this.findEngagement(type, items[j]!, mode === 'marker') : undefined;
          if (!found) {
            fresh.push(j);
            continue;
          }
          results[j] = { ok: true, crmId: found, objectType, created: false };
          for (const l of this.engagementLinks(items[j]!)) made.push({ index: j, from: found, ...l });
        }
        if (made.length) await this.associateEngagements(type, made, results);
        if (fresh.length === 0) continue;
        const input = (j: number) => ({
          properties: this.engagementProperties(items[j]!, mode === 'marker', mode === 'field').properties,
          associations: this.engagementLinks(items[j]!).map((l) => ({ to: { id: l.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_ENGAGEMENT_ASSOCIATIONS[type][l.to] }] })),
        });
        // which answer is whose: our id, or our marker in the text (not the order)
        const owner = (o: HsObject) =>
          fresh.find((j) => (mode === 'field' ? o.properties[HUBSPOT_DEALSIDE_ID] === items[j]!.dealsideId : hasActivityMarker(o.properties[BODY_OF[type]], items[j]!.dealsideId)));
        try {
          const { body } = await this.http.request({ method: 'POST', url: `/crm/v3/objects/${type}/batch/create`, body: { inputs: fresh.map(input) } }, HS_BATCH);
          for (const r of body.results) {
            const j = owner(r);
            if (j !== undefined) results[j] = { ok: true, crmId: r.id, objectType, created: true };
          }
          for (const j of fresh) if (!results[j]!.ok) results[j] = { ok: false, error: new SyncError('invalid', 'HubSpot did not return the engagement it created.') };
        } catch (e) {
          if (!(e instanceof SyncError) || (e.code !== 'invalid' && e.code !== 'not-found')) throw e;
          if (fresh.length === 1) {
            results[fresh[0]!] = { ok: false, error: e };
            continue;
          }
          // One bad touch (a record deleted in HubSpot meanwhile) fails the whole batch, which made
          // nothing: make them one by one so the others get through.
          for (const j of fresh) {
            try {
              const { body } = await this.http.request({ method: 'POST', url: `/crm/v3/objects/${type}`, body: input(j) }, HS_OBJECT);
              results[j] = { ok: true, crmId: body.id, objectType, created: true };
            } catch (err) {
              if (err instanceof SyncError && (err.code === 'invalid' || err.code === 'not-found')) results[j] = { ok: false, error: err };
              else throw err;
            }
          }
        }
      }
    }
    return results;
  }
}

// A connection made before Dealside read a CRM field it now maps on connect (the CRM's own last
// activity, `crmActivityAt`) would never get it without the admin connecting again. At the next
// sync of such a connection, each field added since its version is mapped where the CRM has it
// (the CRM's default name, checked against the CRM's own field list), and that kind's streams read
// again from the start so every record gets it — not only those that change from now on, which for
// a last-activity date are the very ones a rep already sees touched.
import type { SyncEntity } from '../domain/fields/recordFields';
import type { ConnectionRecord } from '../store/syncRecords';
import type { CrmConnector } from './connector';
import { SyncError } from './http';

/** A key of a connection's field map: a record kind, or Salesforce's / Zoho's / Dynamics' leads. */
export type MapKey = SyncEntity | 'lead';

/** The canonical fields connect maps by default, each with the field-map version that added it. */
export const FIELD_MAP_ADDITIONS: ReadonlyArray<{ version: number; field: string }> = [{ version: 1, field: 'crmActivityAt' }];

/** The version a connection made now is at: it maps every default there is. */
export const FIELD_MAP_VERSION = Math.max(0, ...FIELD_MAP_ADDITIONS.map((a) => a.version));

/**
 * A record kind's own streams (not its deletion checks, nor the lines read after deals): the
 * streams that forget their cursors when a field of that kind is mapped anew.
 */
export function kindStreams(connector: Pick<CrmConnector, 'streams'>, entity: SyncEntity): string[] {
  return connector.streams.filter((s) => s.entity === entity && s.order >= 1 && s.order <= 3).map((s) => s.name);
}

/** The cursors left when these kinds' fields were mapped anew: those kinds' streams read again. */
export function cursorsAfterMapping(connector: Pick<CrmConnector, 'streams'>, connection: ConnectionRecord, entities: Iterable<SyncEntity>): ConnectionRecord['cursors'] {
  const again = new Set([...entities].flatMap((e) => kindStreams(connector, e)));
  return Object.fromEntries(Object.entries(connection.cursors).filter(([name]) => !again.has(name)));
}

/** What an older connection's field map gains: the fields to map per key, and the kinds to read again. */
export type FieldMapUpgrade = { add: Partial<Record<MapKey, Record<string, string>>>; reread: SyncEntity[] };

/**
 * The fields added since the connection's version that the CRM has, for the kinds whose map does
 * not name them already (the admin's own choice stays); undefined when the connection is up to date.
 * A failure the next run may not meet (the CRM's 5xx, a rate limit, a time-out) throws, and the
 * version stays for that run to try again; a refusal (a field list the token may not read) leaves
 * that kind without the field and moves on, as connecting again would.
 */
export async function planFieldMapUpgrade(
  connection: ConnectionRecord,
  connector: Pick<CrmConnector, 'describeFields'>,
  defaults: Readonly<Partial<Record<MapKey, Readonly<Record<string, string>>>>>,
): Promise<FieldMapUpgrade | undefined> {
  const from = connection.fieldMapVersion ?? 0;
  if (from >= FIELD_MAP_VERSION) return undefined;
  const added = FIELD_MAP_ADDITIONS.filter((a) => a.version > from).map((a) => a.field);
  const plan: FieldMapUpgrade = { add: {}, reread: [] };
  for (const key of Object.keys(connection.fieldMap) as MapKey[]) {
    const current = connection.fieldMap[key];
    const wanted = added.filter((f) => defaults[key]?.[f] !== undefined && current?.[f] === undefined);
    if (!current || !wanted.length) continue;
    const entity: SyncEntity = key === 'lead' ? 'person' : key;
    const kind = key === 'lead' ? 'lead' : key === 'person' && connection.fieldMap.lead ? 'contact' : undefined;
    let names: Set<string>;
    try {
      names = new Set((await connector.describeFields(entity, kind)).map((f) => f.name));
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'not-found' || e.code === 'invalid')) continue;
      throw e;
    }
    const add = Object.fromEntries(wanted.map((f) => [f, defaults[key]![f]!] as const).filter(([, name]) => names.has(name)));
    if (!Object.keys(add).length) continue;
    plan.add[key] = add;
    if (!plan.reread.includes(entity)) plan.reread.push(entity);
  }
  return plan;
}

/**
 * The connection as it is now with the upgrade applied: each field mapped unless the map names it
 * by now, the kinds read again from the start, the version up to date.
 */
export function applyFieldMapUpgrade(connection: ConnectionRecord, plan: FieldMapUpgrade, connector: Pick<CrmConnector, 'streams'>): ConnectionRecord {
  const fieldMap: ConnectionRecord['fieldMap'] = { ...connection.fieldMap };
  for (const [key, add] of Object.entries(plan.add) as Array<[MapKey, Record<string, string>]>) {
    const current = fieldMap[key];
    if (current) fieldMap[key] = { ...add, ...current };
  }
  return { ...connection, fieldMap, cursors: cursorsAfterMapping(connector, connection, plan.reread), fieldMapVersion: FIELD_MAP_VERSION };
}

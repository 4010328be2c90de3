// Verdicts for the rows of a list page: is each record in the CRM, whose is it, when was it last
// touched — and, through the matcher, does it look like another record (a likely duplicate)?
import type { Db } from '../../store/db';
import type { ListRow, ListVerdict } from '../../messaging/pageProtocol';
import { CRM_SYSTEMS, crmKey, lastTouchedAt, type Account, type CrmSystem, type Person } from '../../domain/entities';
import { linkedinKey, nameKey } from '../../text/normalize';

const CRM_SITES: ReadonlySet<string> = new Set(CRM_SYSTEMS);

export type DuplicateLookup = (record: Person | Account) => Promise<{ name: string } | undefined>;

async function findRecord(db: Db, row: ListRow): Promise<Person | Account | undefined> {
  const { ref } = row;
  const store = ref.kind === 'account' ? 'accounts' : 'people';
  if (CRM_SITES.has(ref.site) && ref.recordId) {
    const key = crmKey(ref.site as CrmSystem, ref.kind === 'account' ? 'account' : 'person', ref.recordId);
    return (await db.getAllFromIndex(store, 'byCrmKey', key, 1))[0];
  }
  if (ref.site === 'linkedin' && ref.recordId) {
    const path = ref.objectType === 'company' ? 'company' : 'in';
    const li = linkedinKey(`https://www.linkedin.com/${path}/${encodeURIComponent(ref.recordId)}`);
    if (li) return (await db.getAllFromIndex(store, 'byLinkedinKey', li, 1))[0];
  }
  return undefined;
}

export async function listVerdicts(db: Db, rows: readonly ListRow[], duplicateOf?: DuplicateLookup): Promise<ListVerdict[]> {
  const users = new Map((await db.getAll('users')).map((u) => [u.id, u.name]));
  const out: ListVerdict[] = [];
  for (const row of rows) {
    const record = await findRecord(db, row);
    if (record) {
      // On a CRM's own list the news is a likely duplicate; elsewhere (LinkedIn) it is the owner.
      const duplicate = duplicateOf && CRM_SITES.has(row.ref.site) ? await duplicateOf(record) : undefined;
      out.push({
        key: row.key,
        verdict: duplicate ? 'possible' : 'in-crm',
        ownerName: record.ownerId ? users.get(record.ownerId) : undefined,
        lastTouchAt: lastTouchedAt(record),
        ...(duplicate ? { duplicateName: duplicate.name } : {}),
      });
      continue;
    }
    if (CRM_SITES.has(row.ref.site)) {
      // A row of the CRM's own list is in the CRM even before Dealside has synced it.
      out.push({ key: row.key, verdict: 'in-crm' });
      continue;
    }
    const sameName = row.name && row.ref.kind !== 'account' ? await db.countFromIndex('people', 'byNameKey', nameKey(row.name)) : 0;
    out.push({ key: row.key, verdict: sameName > 0 ? 'possible' : 'new' });
  }
  return out;
}

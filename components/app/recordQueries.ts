// Which cached queries a change of records (`event/entities-changed`) can move. The CRM's own field
// and role lists, the team's sign-in set-up and the qualification settings do not change with
// records: refetched on every change event of a sync (coalesced to one a second), an open field
// mapping called the CRM's metadata API once a second, spending the rate budget the sync races.
// Saving a mapping, roles or settings refreshes its own queries; a workspace change refreshes all.

const NOT_FROM_RECORDS_SYNC = new Set<unknown>(['fields', 'roles', 'oauth']);

export function movesWithRecords(queryKey: readonly unknown[]): boolean {
  const [head, sub] = queryKey;
  if (head === 'sync') return !NOT_FROM_RECORDS_SYNC.has(sub);
  return head !== 'qualify-settings';
}

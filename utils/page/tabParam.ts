/** The `tab` query parameter of a surface's URL (`sidepanel.html?tab=12`), when valid. */
export function tabIdFromSearch(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return undefined;
  return Number(raw);
}

// Text helpers for building e-mail addresses, domains and vanity URLs from names.

/** ASCII-only lower case: accents stripped, ñ → n; German umlauts as ae/oe/ue and ß as ss. */
export function foldAscii(s: string, german = false): string {
  let t = s.toLowerCase();
  if (german) t = t.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue');
  t = t.replace(/ß/g, 'ss');
  return t.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Letters and digits only: "O'Connor" → "oconnor", "Juan Carlos" → "juancarlos". */
export function compact(s: string, german = false): string {
  return foldAscii(s, german).replace(/[^a-z0-9]+/g, '');
}

/** Words joined by hyphens: "Transportes Cantábrico" → "transportes-cantabrico". */
export function slug(s: string, german = false): string {
  return foldAscii(s, german)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Strip combining accents but keep case: "María José" → "Maria Jose" (ñ → n as well). */
export function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/** Left-pads a number with zeros. */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Text folding for matching (pure): accents, case, mis-decoded text, words.

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Lower-case without accents or compatibility forms ("Ñúñez" → "nunez", "Mª" → "ma", "ß" →
 * "ss"); punctuation is kept.
 */
export function foldText(s: string): string {
  // Fast path: plain ASCII needs only lower-casing.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => SPECIAL_LETTERS[c] ?? c);
}

// Windows-1252's characters for the bytes 0x80–0x9f (Latin-1 has control codes there).
const CP1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};
// A UTF-8 lead byte (Ã, Â, Ä, Å …) read as a Latin-1 / Windows-1252 letter, followed by a
// continuation byte read the same way: "GarcÃ­a", "NÃºÃ±ez", "Ã‰rica".
const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/**
 * Text that was UTF-8 but was decoded as Latin-1 or Windows-1252 somewhere on its way (an old
 * export, a CSV opened in the wrong encoding), decoded again: "JosÃ© GarcÃ­a" → "José García".
 * Text that is not such a mis-decoding comes back unchanged.
 */
export function repairMojibake(s: string): string {
  if (!MOJIBAKE.test(s)) return s;
  const bytes: number[] = [];
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const b = code < 0x100 ? code : CP1252[ch];
    if (b === undefined) return s;
    bytes.push(b);
  }
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i]!;
    const n = b0 < 0x80 ? 0 : b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : -1;
    if (n < 0) return s;
    let code = n === 0 ? b0 : b0 & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return s;
      code = (code << 6) | (b & 0x3f);
    }
    out += String.fromCodePoint(code);
    i += n + 1;
  }
  return out;
}

/** Folded words: letters and digits only ("O'Brien-Núñez" → ["obrien", "nunez"]). */
export function wordsOf(s: string): string[] {
  return foldText(s)
    .replace(/['’‘`´]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

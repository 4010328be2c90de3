// Phone numbers for matching (pure): one key however a number is written.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const EXTENSION = /\s*(?:ext\.?|extn\.?|extension|extensión|x|anexo|int\.?|#)\s*(\d{1,6})\s*$/i;

/**
 * A phone number as the matcher compares it: its last nine digits (enough to tell numbers apart,
 * and the same whether it was written "+34 612 345 678", "0034612345678", "612 345 678",
 * "(305) 626-0385" or "+1 305.626.0385", with or without the country), and after a ";" its
 * extension when it has one ("x204", "ext. 204", "extensión 204"): two people on one switchboard
 * share the number, not the extension. undefined for fewer than seven digits.
 */
export function phoneKey(raw: string): string | undefined {
  const ext = EXTENSION.exec(raw);
  const number = ext ? raw.slice(0, ext.index) : raw;
  const digits = number.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 17) return undefined;
  const tail = digits.slice(-9);
  return ext ? `${tail};${ext[1]}` : tail;
}

// International numbers that can be written in E.164 by removing formatting alone: calling code →
// total digit counts where the national number never starts with a trunk "0". Everything else goes
// through libphonenumber-js (a unit test checks both paths agree).
const FAST_INTERNATIONAL: Record<string, readonly number[]> = {
  '1': [11], '34': [11], '57': [12], '56': [11], '51': [11], '44': [12], '33': [11], '351': [12], '58': [12], '593': [12],
};

// National numbers with a fixed length and no trunk prefix (or one simple trunk "0" / "1"):
// pattern, calling code, digits to drop.
const NATIONAL_FAST: Partial<Record<CountryCode, ReadonlyArray<readonly [RegExp, string, number]>>> = {
  ES: [[/^[6789]\d{8}$/, '34', 0]],
  MX: [[/^[2-9]\d{9}$/, '52', 0]],
  CO: [[/^3\d{9}$/, '57', 0], [/^60\d{8}$/, '57', 0]],
  CL: [[/^9\d{8}$/, '56', 0]],
  PE: [[/^9\d{8}$/, '51', 0]],
  US: [[/^[2-9]\d{2}[2-9]\d{6}$/, '1', 0], [/^1[2-9]\d{2}[2-9]\d{6}$/, '1', 1]],
  GB: [[/^07\d{9}$/, '44', 1]],
};

/**
 * A phone number in E.164 ("+34612345678"), from any common written form; national numbers
 * are read in `defaultCountry`. undefined when it cannot be a phone number.
 */
export function phoneE164(raw: string, defaultCountry: CountryCode = 'ES'): string | undefined {
  const text = raw.trim().replace(/\s*(?:ext\.?|extension|extensión|x|anexo|int\.?)\s*\d{1,6}$/i, '');
  if (!text) return undefined;
  const compact = text.replace(/[\s\-.()/\u00a0]/g, '');
  // Mexican mobiles were dialled "+52 1 …" until 2019; E.164 has no "1".
  const mx = /^(?:\+|00)521(\d{10})$/.exec(compact);
  if (mx) return `+52${mx[1]}`;
  if (/^(?:\+|00)\d{8,15}$/.test(compact) && !text.includes('(0')) {
    const digits = compact.replace(/^(?:\+|00)/, '');
    for (const cc of [digits.slice(0, 1), digits.slice(0, 2), digits.slice(0, 3)]) {
      const lengths = FAST_INTERNATIONAL[cc];
      if (lengths && lengths.includes(digits.length) && digits[cc.length] !== '0' && digits[cc.length] !== '1') return `+${digits}`;
    }
  } else {
    const national = NATIONAL_FAST[defaultCountry];
    if (national) for (const [re, cc, drop] of national) if (re.test(compact)) return `+${cc}${compact.slice(drop)}`;
  }
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed && parsed.isPossible() ? parsed.number : undefined;
}

// Decoding CRM exports (pure; browser and Node): UTF-8 with or without BOM, UTF-16 with BOM, or
// Windows-1252 (what Excel writes in Spain and Latin America); the delimiter of the header line.
// Shared by the options page's CSV import and the dedupe CLI (scripts/dedupe).

export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'win1252';

export interface DecodedText {
  text: string;
  encoding: Encoding;
}

export const ENCODING_NAMES: Record<Encoding, string> = {
  utf8: 'UTF-8',
  'utf8-bom': 'UTF-8 with BOM',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
  win1252: 'Windows-1252',
};

/** The bytes cannot be read as text in a supported encoding (the message names the one found). */
export class DecodeError extends Error {}

/**
 * UTF-16 without a byte-order mark: text in a Latin script then has a zero byte in every other
 * position (the high byte of each character). Looks at the first 4 KB; undefined when it is not.
 */
export function sniffUtf16WithoutBom(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.05) return 'utf16le';
  if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.05) return 'utf16be';
  return undefined;
}

/** Throws a DecodeError naming the encoding when the file is UTF-16 without a byte-order mark. */
export function refuseUtf16WithoutBom(bytes: Uint8Array): void {
  const found = sniffUtf16WithoutBom(bytes);
  if (!found) return;
  throw new DecodeError(
    `the file is ${ENCODING_NAMES[found]} without a byte-order mark (BOM), which cannot be told apart from other encodings safely: save it again as UTF-8 (or as UTF-16 with a BOM, "Unicode text" in Excel)`,
  );
}

// WHATWG TextDecoder labels: every browser and Node (full ICU) know them.
const decoder = (label: string, fatal = false) => new TextDecoder(label, { fatal });

/**
 * Decode a file: BOM first; UTF-16 without a BOM is refused (DecodeError naming it); else valid
 * UTF-8 is UTF-8, anything else is Windows-1252.
 */
export function decode(bytes: Uint8Array, forced?: Encoding): DecodedText {
  const b = bytes;
  if (forced === 'win1252') return { text: decoder('windows-1252').decode(b), encoding: 'win1252' };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: decoder('utf-8').decode(b.subarray(3)), encoding: 'utf8-bom' };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: decoder('utf-16le').decode(b.subarray(2)), encoding: 'utf16le' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: decoder('utf-16be').decode(b.subarray(2)), encoding: 'utf16be' };
  refuseUtf16WithoutBom(b);
  if (forced === 'utf8' || forced === 'utf8-bom') return { text: decoder('utf-8').decode(b), encoding: forced };
  try {
    return { text: decoder('utf-8', true).decode(b), encoding: 'utf8' };
  } catch {
    return { text: decoder('windows-1252').decode(b), encoding: 'win1252' };
  }
}

/** The delimiter of the header line: whichever of , ; tab | occurs most outside quotes. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c]!++;
  }
  let best = ',';
  for (const d of [';', '\t', '|']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

// A HubSpot-style contacts export of n rows from the CRM-shaped generator (seeded), written
// streaming to a file: the dedupe CLI's memory benchmark reads it. Generating keeps nothing.
// Written as a CRM writes it (no formula escaping: phones start with +).
import { closeSync, openSync, writeSync } from 'node:fs';
import Papa from 'papaparse';
import { forEachCrmContact } from '../../bench/match/crm-generator';

export const DEDUPE_HEADERS = ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Job Title', 'City', 'Country/Region'];

/** Write `rows` generated contacts (plus the header) to `path`; returns the rows written. */
export function writeDedupeInput(path: string, rows: number, seed = 99): number {
  const fd = openSync(path, 'w');
  let buffer: string[][] = [DEDUPE_HEADERS];
  let n = 0;
  const flush = () => {
    if (buffer.length) writeSync(fd, Papa.unparse(buffer, { newline: '\r\n' }) + '\r\n');
    buffer = [];
  };
  try {
    forEachCrmContact({ seed, people: Math.ceil(rows / 1.62) + 2000 }, (r) => {
      if (n >= rows) return;
      n++;
      buffer.push([
        String(1000 + n),
        r.givenName ?? r.fullName ?? '',
        r.familyName ?? '',
        (r.emails ?? []).join(';'),
        r.phones?.[0] ?? '',
        r.companyName ?? '',
        r.title ?? '',
        r.city ?? '',
        r.country ?? '',
      ]);
      if (buffer.length >= 10_000) flush();
    });
    flush();
  } finally {
    closeSync(fd);
  }
  return n;
}

// CSV import end to end in Node: the page's driver (decode, map, parse in batches) talking to the
// background's handlers directly, over fake-indexeddb, with the dedupe CLI's export fixtures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/db';
import { createMatchService } from '../background/matchService';
import { createImportHandlers } from '../background/importHandlers';
import { loadDemo } from '../background/workspace';
import type { DealsideEvent } from '../messaging/protocol';
import { findDuplicates } from '../match';
import { autoMap, type Kind } from './columns';
import { prepareFile, rejectionsCsv, runImport, type ImportProgress, type ImportSend, type RunOptions } from './driver';
import { importedId } from './apply';
import { allEntries } from '../sync/outbox';
import type { ConnectionRecord } from '../sync/model';
import { generateContactsCsv } from './testing';

const NOW = new Date('2026-11-22T10:00:00Z');
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../scripts/dedupe/__fixtures__/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);

let dbCount = 0;
async function setup({ demo = false } = {}) {
  const db = await openStore(`import-test-${++dbCount}`);
  const now = () => NOW;
  if (demo) await loadDemo(db, NOW);
  const matches = createMatchService(now);
  const events: DealsideEvent[] = [];
  const handlers = createImportHandlers({ db: async () => db, now, broadcast: (e) => events.push(e), matches });
  const send: ImportSend = (request) =>
    (handlers[request.type] as (r: typeof request, c: { sender: object }) => Promise<never>)(request, { sender: {} });
  const run = async (bytes: Uint8Array, kind: Kind, options: RunOptions & { name?: string } = {}) => {
    const file = await prepareFile(bytes, options.name ?? 'export.csv');
    return { file, result: await runImport(file, kind, autoMap(file.headers, kind), send, options) };
  };
  return { db, matches, events, send, run };
}

const people = (db: Db) => db.getAll('people');

describe('CSV import', () => {
  it('HubSpot contacts: every row imported or merged into the row it duplicates', async () => {
    const { db, run, events, matches } = await setup();
    const { file, result } = await run(fixture('hubspot-contacts.csv'), 'contacts');
    expect(file).toMatchObject({ encoding: 'utf8', delimiter: ',', totalRows: 10 });
    expect(result.state).toBe('done');
    expect(result.read).toBe(10);
    expect(result.rejected).toEqual([]);
    expect(result.imported + result.merged).toBe(10);
    const stored = await people(db);
    expect(stored).toHaveLength(result.imported);
    // José María / Chema, María José / Maria Jose, Robert / Bob, Francisco / Paco: one record each
    expect(result.imported).toBe(6);
    expect(result.merges.every((m) => m.sameFile)).toBe(true);
    const jm = stored.find((p) => p.fullName === 'José María García López')!;
    expect(jm).toMatchObject({ firstName: 'José María', lastName: 'García López', source: 'import', title: 'Director Comercial', city: 'Madrid' });
    expect(jm.id).toBe(importedId('contacts', file.fileKey, 2));
    // Bob's second address is added to Robert; Robert's values are kept
    const robert = stored.find((p) => p.fullName === 'Robert Smith')!;
    expect(robert.emails).toEqual(['bob.smith@northwind.com', 'b.o.b.smith+crm@gmail.com']);
    expect(robert.phone).toBe('+1 (415) 555-0132');
    // the sidebar sees the new records: events sent, the saved index has them
    expect(events.map((e) => e.type)).toEqual(['event/entities-changed', 'event/workspace-changed']);
    const indexes = await matches.indexes(db);
    expect(indexes.people.has(jm.id)).toBe(true);
    expect(findDuplicates(indexes.people, { id: 'page', kind: 'person', fullName: 'Jose Maria Garcia Lopez', emails: ['jmgarcia@iberialogistica.es'] })[0]?.id).toBe(jm.id);
  });

  it('Salesforce in Spanish: semicolons, Windows-1252, Spanish headers', async () => {
    const { db, run } = await setup();
    const { file, result } = await run(fixture('salesforce-contacts-es-win1252.csv'), 'contacts');
    expect(file).toMatchObject({ encoding: 'win1252', delimiter: ';' });
    expect(file.headers).toContain('Correo electrónico');
    expect(autoMap(file.headers, 'contacts')).toMatchObject({ givenName: [0], familyName: [1], email: [2], companyName: [3], phone: [4], title: [5], city: [6] });
    expect(result.read).toBe(5);
    expect(result.rejected).toEqual([]);
    const stored = await people(db);
    expect(stored.map((p) => p.fullName)).toContain('Íñigo Urquijo Azcárate');
    expect(stored.map((p) => p.fullName)).not.toContain('Iñigo Urquijo'); // merged into Íñigo
    expect(result.imported).toBe(3);
    expect(result.merged).toBe(2);
    const inigo = stored.find((p) => p.fullName === 'Íñigo Urquijo Azcárate')!;
    expect(inigo.companyName).toBe('Bilbotek S.L.');
    const lola = stored.find((p) => p.fullName === 'María Dolores Núñez Peña')!;
    expect(lola.phone).toBe('954 000 111'); // filled from Lola's row
  });

  it('Pipedrive persons with a BOM: "Person - …" headers, several e-mails in one cell', async () => {
    const { db, run } = await setup();
    const { file, result } = await run(fixture('pipedrive-persons-bom.csv'), 'contacts');
    expect(file.encoding).toBe('utf8-bom');
    expect(file.headers[0]).toBe('Person - Name');
    expect(result.rejected).toEqual([]);
    expect(result.read).toBe(5);
    const stored = await people(db);
    // Dolores / Lola Quispe (no e-mail, same company) are one person
    expect(stored.some((p) => p.fullName.startsWith('Lola'))).toBe(false);
    expect(result.merges).toMatchObject([{ row: 5, name: 'Dolores Quispe', sameFile: true }]);
    // several e-mails in one cell; "Person - Name" split into first and last name
    const nacho = stored.find((p) => p.fullName === 'Nacho Fernandez')!;
    expect(nacho).toMatchObject({ firstName: 'Nacho', lastName: 'Fernandez', companyName: 'Andina Soluciones' });
    expect(nacho.emails).toEqual(['ifernandez@andina.com.co', 'nacho.fdez@gmail.com']);
    expect(stored.some((p) => p.fullName === 'Carlos Ruiz')).toBe(true);
  });

  it('rejects bad rows with row, column and reason in English and Spanish, and imports the rest', async () => {
    const { db, run } = await setup();
    const csv = [
      'First Name,Last Name,Email,Phone Number,LinkedIn URL',
      'Ana,López,ana@example.com,+34 600 000 001,',
      'Luis,Martín,luis@,,', // row 3: bad e-mail
      ',,,,', // row 4: nothing that identifies a person
      'Eva,Gil,eva@example.com,call me,', // row 5: bad phone
      'Pablo,Sanz,pablo@example.com,,https://example.com/pablo', // row 6: not LinkedIn
      'Sara,Vidal,sara@example.com', // row 7: missing columns
      'Marta,Ríos,marta@example.com,,,extra', // row 8: too many
      '',
      'Rosa,Díaz,rosa@example.com,,https://www.linkedin.com/in/rosadiaz', // row 10
    ].join('\n');
    const { result } = await run(utf8(csv), 'contacts');
    expect(result.read).toBe(8);
    expect(result.imported).toBe(2);
    expect(result.rejected.map((r) => [r.row, r.column])).toEqual([
      [3, 'Email'],
      [4, 'First Name'],
      [5, 'Phone Number'],
      [6, 'LinkedIn URL'],
      [7, 'Phone Number'],
      [8, '#6'],
    ]);
    expect(result.rejected[0]!.reason).toEqual({ en: 'not an e-mail address: "luis@"', es: 'no es una dirección de e-mail: «luis@»' });
    expect(result.rejected[1]!.reason.en).toBe('no name, e-mail or LinkedIn URL');
    expect(result.rejected[4]!.reason).toEqual({ en: 'only 3 of 5 columns', es: 'solo 3 de 5 columnas' });
    expect((await people(db)).map((p) => p.fullName).sort()).toEqual(['Ana López', 'Rosa Díaz']);
    const report = rejectionsCsv(result.rejected, 'es');
    expect(report.split('\r\n')[0]).toBe('fila,columna,motivo');
    expect(report).toContain('3,Email,no es una dirección de e-mail: «luis@»');
  });

  it('merges a row into the existing demo person it duplicates instead of copying her', async () => {
    const { db, run } = await setup({ demo: true });
    const before = await db.count('people');
    const csv = [
      'First Name,Last Name,Email,Personal Email,Phone Number,Job Title,City',
      'María José,García López,MARIA.JOSE.GARCIA@IberiaLogistica.es,mj.garcia.lopez@gmail.com,+34 699 000 111,CFO,Barcelona',
    ].join('\r\n');
    const { result } = await run(utf8(csv), 'contacts');
    expect(result).toMatchObject({ imported: 0, merged: 1, rejected: [] });
    expect(await db.count('people')).toBe(before);
    const mj = (await db.get('people', 'demo-per-0001'))!;
    // the new address is added; nothing that had a value is overwritten
    expect(mj.emails).toEqual(['maria.jose.garcia@iberialogistica.es', 'mj.garcia.lopez@gmail.com']);
    expect(mj).toMatchObject({ phone: '+34 612 345 678', title: 'Directora Financiera', city: 'Madrid', source: 'demo' });
    expect(result.merges).toEqual([{ row: 2, id: 'demo-per-0001', name: 'María José García López', fields: ['email'], sameFile: false }]);
  });

  it('links an imported contact to the account the matcher recognises', async () => {
    const { db, run } = await setup({ demo: true });
    const csv = 'Name,Email,Company Name,Website\nLucía Ortega,lucia.ortega@iberialogistica.es,"Iberia Logística, S.L.",www.iberialogistica.es\n';
    const { result } = await run(utf8(csv), 'contacts');
    expect(result.imported).toBe(1);
    const lucia = (await people(db)).find((p) => p.fullName === 'Lucía Ortega')!;
    expect(lucia).toMatchObject({ firstName: 'Lucía', lastName: 'Ortega', accountId: 'demo-acc-0001' });
    expect(lucia.companyName).toBeUndefined();
  });

  it('importing the same file again changes nothing', async () => {
    const { db, run } = await setup();
    const bytes = fixture('hubspot-contacts.csv');
    const first = await run(bytes, 'contacts');
    const snapshot = await people(db);
    const second = await run(bytes, 'contacts');
    expect(second.result).toMatchObject({ imported: 0, rejected: [] });
    expect(second.result.unchanged + second.result.merged).toBe(10);
    expect(second.result.unchanged).toBe(first.result.imported);
    expect(await people(db)).toEqual(snapshot);
  });

  it('accounts: HubSpot companies merged by domain and name', async () => {
    const { db, run } = await setup();
    const { result } = await run(fixture('hubspot-companies.csv'), 'accounts');
    expect(result.rejected).toEqual([]);
    const accounts = await db.getAll('accounts');
    expect(accounts.length).toBe(result.imported);
    const iberia = accounts.find((a) => a.name === 'Iberia Logística, S.L.')!;
    expect(iberia).toMatchObject({ domain: 'iberialogistica.es', linkedinKey: 'company/iberia-logistica', source: 'import', lifecycle: 'prospect' });
    expect(accounts.some((a) => a.name === 'IBERIA LOGISTICA SL')).toBe(false);
    const northwind = accounts.find((a) => a.name === 'The Northwind Company')!;
    expect(northwind.domain).toBe('northwind.com');
  });

  it('queues each new record for the connected CRM, in the batch transaction', async () => {
    const { db, run } = await setup();
    await db.put('syncConnections', { id: 'hubspot', system: 'hubspot' } as unknown as ConnectionRecord);
    const { result } = await run(utf8('First Name,Last Name,Email\nAna,López,ana@example.com\nLuis,Martín,luis@example.com\n'), 'contacts');
    expect(result.queued).toBe(2);
    const entries = await allEntries(db, 'hubspot');
    expect(entries.map((e) => [e.op, e.ref.entity])).toEqual([
      ['create', 'person'],
      ['create', 'person'],
    ]);
    expect(entries[0]!.changes.find((c) => c.field === 'email')?.value).toBe('ana@example.com');
  });

  it('imports 5,000 rows in batches, reporting progress after each', async () => {
    const { db, run } = await setup();
    const csv = generateContactsCsv(5000, { badEvery: 500 });
    const seen: ImportProgress[] = [];
    const { result } = await run(utf8(csv), 'contacts', { batchSize: 1000, onProgress: (p) => seen.push(p) });
    expect(result.read).toBe(5000);
    expect(result.rejected).toHaveLength(10);
    expect(result.imported + result.merged).toBe(4990);
    expect(result.imported).toBeGreaterThan(4900);
    expect(await db.count('people')).toBe(result.imported);
    const reads = seen.map((p) => p.read);
    expect(reads).toEqual(expect.arrayContaining([1000, 2000, 3000, 4000, 5000]));
    expect(seen.at(-1)!.state).toBe('done');
  }, 60_000);

  it('stops when cancelled, keeping what was imported', async () => {
    const { db, run } = await setup();
    const lines = ['Email'];
    for (let i = 0; i < 3000; i++) lines.push(`p${i}@example.com`);
    const abort = new AbortController();
    const { result } = await run(utf8(lines.join('\n')), 'contacts', {
      batchSize: 500,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.read >= 1000) abort.abort();
      },
    });
    expect(result.state).toBe('cancelled');
    expect(result.read).toBe(1000);
    expect(await db.count('people')).toBe(1000);
  });
});

// CSV import end to end in Node: the page's driver (decode, map, parse in batches) talking to the
// background's handlers directly, over fake-indexeddb, with the dedupe CLI's export fixtures.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/db';
import { createMatchService } from '../background/matchService';
import { createImportHandlers } from '../background/importHandlers';
import { loadDemo } from '../background/workspace';
import { requestSchemas, type DealsideEvent } from '../messaging/protocol';
import { findDuplicates } from '../match';
import { autoMap, type Kind } from './columns';
import { dateOrderFor, prepareFile, rejectionsCsv, runImport, type ImportProgress, type ImportSend, type RunOptions } from './page/driver';
import { importedId, ownerResolver } from './background/apply';
import { detectCrm, isLeadsFile } from './columns';
import { kindOfLifecycleStage, leadStatusOf, parseCrmId, parseEmployees, parseTier, readRow } from './rows';
import { dateOrderOf, parseAmount, parseOwnedDate } from './ownedColumns';
import { resolveAccounts, resolvePeople } from '../background/views/resolve';
import { applyPage } from '../sync/apply';
import type { PullPage } from '../sync/connector';
import type { Person, User } from '../domain/entities';
import { allEntries } from '../store/outbox';
import type { ConnectionRecord } from '../store/syncRecords';
import { generateContactsCsv } from '../../tests/support/contactsCsv';
import { MAX_BATCH_CHARS } from '../messaging/importLimits';
import { IMPORT_IDLE_MS } from '../background/importHandlers';

const NOW = new Date('2026-11-22T10:00:00Z');
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../scripts/dedupe/__fixtures__/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);

let dbCount = 0;
async function setup({ demo = false, clock = { now: NOW } } = {}) {
  const db = await openStore(`import-test-${++dbCount}`);
  const now = () => clock.now;
  if (demo) await loadDemo(db, NOW);
  const matches = createMatchService(now);
  const events: DealsideEvent[] = [];
  const handlers = createImportHandlers({ db: async () => db, now, broadcast: (e) => events.push(e), matches });
  // validated like the router does (utils/messaging/router.ts): a message the schema refuses never reaches the handler
  const send: ImportSend = (request) => {
    if (!requestSchemas[request.type].request.safeParse(request).success) return Promise.reject(new Error(`Invalid ${request.type} message.`));
    return (handlers[request.type] as (r: typeof request, c: { sender: object }) => Promise<never>)(request, { sender: {} });
  };
  const run = async (bytes: Uint8Array, kind: Kind, options: RunOptions & { name?: string; withoutIds?: boolean } = {}) => {
    const file = await prepareFile(bytes, options.name ?? 'export.csv');
    const map = autoMap(file.headers, kind);
    // the user set the id columns to "not imported": the matcher alone decides
    if (options.withoutIds) for (const f of ['crmId', 'companyCrmId', 'leadId'] as const) delete map[f];
    return { file, result: await runImport(file, kind, map, send, options) };
  };
  return { db, matches, events, send, run, handlers };
}

const people = (db: Db) => db.getAll('people');

describe('CSV import', () => {
  it('HubSpot contacts without their ids: every row imported or merged into the row it duplicates', async () => {
    const { db, run, events, matches } = await setup();
    const { file, result } = await run(fixture('hubspot-contacts.csv'), 'contacts', { withoutIds: true });
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
    // and so are Ignacio / Nacho Fernández: same mobile (+57 or not), same company, a nickname
    expect(result.merges).toMatchObject([
      { row: 3, name: 'Ignacio Fernández', sameFile: true },
      { row: 5, name: 'Dolores Quispe', sameFile: true },
    ]);
    expect(stored.some((p) => p.fullName === 'Nacho Fernandez')).toBe(false);
    // several e-mails in one cell, all kept; "Person - Name" split into first and last name
    const ignacio = stored.find((p) => p.fullName === 'Ignacio Fernández')!;
    expect(ignacio).toMatchObject({ firstName: 'Ignacio', lastName: 'Fernández' });
    expect(ignacio.emails).toEqual(expect.arrayContaining(['ignacio.fernandez@andina.com.co', 'ifernandez@andina.com.co', 'nacho.fdez@gmail.com']));
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

  it('accounts: HubSpot companies merged by domain and name (ids not imported)', async () => {
    const { db, run } = await setup();
    const { result } = await run(fixture('hubspot-companies.csv'), 'accounts', { withoutIds: true });
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

  it('a cell longer than a spreadsheet holds, too many columns or a huge row: that row rejected with the reason, the rest imported', async () => {
    const { db, run } = await setup();
    const csv = [
      'First Name,Last Name,Email,Notes',
      'Ana,López,ana@example.com,ok',
      `Luis,Martín,luis@example.com,${'x'.repeat(40_000)}`, // row 3: one cell over 32,767 characters
      'Eva,Gil,eva@example.com,fine',
      `Pablo,Sanz,pablo@example.com,${Array.from({ length: 600 }, () => 'y').join(',')}`, // row 5: 603 columns
      `Sara,Vidal,sara@example.com,"${Array.from({ length: 40 }, () => 'z'.repeat(30_000)).join('","')}"`, // row 6: 1.2 M characters
      'Rosa,Díaz,rosa@example.com,',
    ].join('\r\n');
    const { result } = await run(utf8(csv), 'contacts');
    expect(result.state).toBe('done');
    expect(result.error).toBeUndefined();
    expect(result.read).toBe(6);
    expect(result.imported).toBe(3);
    expect(result.rejected.map((r) => [r.row, r.column])).toEqual([
      [3, 'Notes'],
      [5, '#5'],
      [6, ''],
    ]);
    expect(result.rejected[0]!.reason.en).toBe('a value of 40,000 characters, more than a spreadsheet cell holds (32,767): is a quote not closed?');
    expect(result.rejected[0]!.reason.es).toBe('un valor de 40.000 caracteres, más de lo que cabe en una celda (32.767): ¿falta cerrar unas comillas?');
    expect(result.rejected[1]!.reason.en).toBe('603 values but the header has 4 columns (a delimiter inside an unquoted value?)');
    expect(result.rejected[2]!.reason.en).toMatch(/^the row holds 1,200,\d{3} characters, more than 1,000,000$/);
    expect((await people(db)).map((p) => p.fullName).sort()).toEqual(['Ana López', 'Eva Gil', 'Rosa Díaz']);
    // the downloadable report says the same
    const report = rejectionsCsv(result.rejected, 'en');
    expect(report).toContain('3,Notes,"a value of 40,000 characters, more than a spreadsheet cell holds (32,767): is a quote not closed?"');
  });

  it('an unclosed quote that swallows the rest of the file: that row rejected, the rows before it imported', async () => {
    const { run } = await setup();
    const rest = Array.from({ length: 2000 }, (_, i) => `P${i},Q,p${i}@example.com,note`).join('\r\n');
    const csv = `First Name,Last Name,Email,Notes\r\nAna,López,ana@example.com,ok\r\nLuis,Martín,luis@example.com,"never closed\r\n${rest}`;
    const { result } = await run(utf8(csv), 'contacts');
    expect(result.state).toBe('done');
    expect(result.imported).toBe(1);
    expect(result.rejected.map((r) => [r.row, r.column, r.reason.en])).toEqual([[3, 'Notes', 'a quoted value is not closed (a " with no closing ")']]);
  });

  it('batches are bounded in characters as well as rows; the schema refuses a bigger one', async () => {
    const { run } = await setup();
    const notes = 'n'.repeat(30_000);
    const lines = ['First Name,Email,Notes'];
    for (let i = 0; i < 300; i++) lines.push(`P${i},p${i}@example.com,${notes}`);
    const sizes: number[] = [];
    const { result } = await run(utf8(lines.join('\n')), 'contacts', { onProgress: (p) => sizes.push(p.read) });
    expect(result.state).toBe('done');
    expect(result.imported).toBe(300);
    // 9 M characters in 1,000-row batches would be one message; they go in batches under MAX_BATCH_CHARS
    const batches = sizes.slice(1).map((n, i) => n - (sizes[i] ?? 0)).filter((n) => n > 0);
    expect(Math.max(...batches) * 30_000).toBeLessThanOrEqual(MAX_BATCH_CHARS);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(300);
    const rows = Array.from({ length: 200 }, (_, i) => ({ row: i + 2, cells: ['x', 'y', notes] }));
    const request = { type: 'import/batch' as const, importId: 'i', kind: 'contacts' as const, fileKey: 'abcdef0123456789', headers: ['a', 'b', 'c'], map: {}, rows };
    expect(requestSchemas['import/batch'].request.safeParse(request).success).toBe(false);
    expect(requestSchemas['import/batch'].request.safeParse({ ...request, rows: rows.slice(0, 100) }).success).toBe(true);
  });

  it('import/batch without import/start does not stay "running": it fails after IMPORT_IDLE_MS, and later batches are refused', async () => {
    const clock = { now: NOW };
    const { send } = await setup({ clock });
    const context = { importId: 'orphan', kind: 'contacts' as const, fileKey: 'abcdef0123456789', headers: ['Email'], map: { email: [0] } };
    const first = await send({ type: 'import/batch', ...context, rows: [{ row: 2, cells: ['a@example.com'] }] });
    expect(first).toMatchObject({ imported: 1, cancelled: false });
    expect((await send({ type: 'import/status', importId: 'orphan' })).current?.state).toBe('running');
    // asking does not keep it alive
    clock.now = new Date(NOW.getTime() + IMPORT_IDLE_MS / 2);
    expect((await send({ type: 'import/status' })).current?.state).toBe('running');
    clock.now = new Date(NOW.getTime() + IMPORT_IDLE_MS + 1);
    const status = (await send({ type: 'import/status', importId: 'orphan' })).current!;
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/No rows arrived for 5 minutes/);
    expect(status.finishedAt).toBe(new Date(NOW.getTime() + IMPORT_IDLE_MS).toISOString());
    expect(await send({ type: 'import/batch', ...context, rows: [{ row: 3, cells: ['b@example.com'] }] })).toMatchObject({ imported: 0, cancelled: true });
  });

  it('an import driven batch after batch never goes idle, however long it runs', async () => {
    const clock = { now: NOW };
    const { run } = await setup({ clock });
    const lines = ['Email'];
    for (let i = 0; i < 50; i++) lines.push(`p${i}@example.com`);
    // each batch arrives four minutes after the one before
    const { result } = await run(utf8(lines.join('\n')), 'contacts', {
      batchSize: 10,
      onProgress: () => {
        clock.now = new Date(clock.now.getTime() + 4 * 60_000);
      },
    });
    expect(result.state).toBe('done');
    expect(result.imported).toBe(50);
  });

  it('a header the background would refuse (too many columns, a huge name) is said when the file is read, not as "Invalid message"', async () => {
    const wide = `${Array.from({ length: 600 }, (_, i) => `C${i}`).join(',')}\r\n${Array.from({ length: 600 }, () => 'x').join(',')}\r\n`;
    await expect(prepareFile(utf8(wide), 'wide.csv')).rejects.toThrow(/The header row has 600 columns; at most 500 can be imported/);
    await expect(prepareFile(utf8(`Email,${'N'.repeat(2000)}\r\na@example.com,x\r\n`), 'long.csv')).rejects.toThrow(/Column 2's header has 2000 characters/);
  });

  it('UTF-16 without a byte-order mark is refused naming the encoding; with one it is read', async () => {
    const text = 'First Name,Email\r\nÁngela,angela@example.com\r\n';
    const le = new Uint8Array(Buffer.from(text, 'utf16le'));
    await expect(prepareFile(le, 'x.csv')).rejects.toThrow(/UTF-16 LE without a byte-order mark/);
    const be = new Uint8Array(Buffer.from(text, 'utf16le').swap16());
    await expect(prepareFile(be, 'x.csv')).rejects.toThrow(/UTF-16 BE without a byte-order mark/);
    const withBom = await prepareFile(new Uint8Array([0xff, 0xfe, ...le]), 'x.csv');
    expect(withBom).toMatchObject({ encoding: 'utf16le', headers: ['First Name', 'Email'], totalRows: 1 });
    expect(withBom.sample).toEqual([['Ángela', 'angela@example.com']]);
  });

  it('the rejected-rows report neutralises formulas in hostile headers and values (CSV injection)', async () => {
    const { run } = await setup();
    // the column's name comes from the file's header row
    const csv = ['First Name,Last Name,Email,"=HYPERLINK(""http://evil.example"",""x"")"', 'Luis,Martín,luis@,', ',,,'].join('\r\n');
    const { result } = await run(utf8(csv), 'contacts');
    expect(result.rejected.map((r) => r.row)).toEqual([2, 3]);
    const hostile = [...result.rejected, { row: 9, column: '=HYPERLINK("http://evil.example","x")', reason: { en: '@SUM(1+1)', es: '-1+1' } }];
    const rows = rejectionsCsv(hostile, 'en').trim().split('\r\n');
    expect(rows.at(-1)).toBe(`9,"'=HYPERLINK(""http://evil.example"",""x"")","'@SUM(1+1)"`);
    expect(rejectionsCsv(hostile, 'es').trim().split('\r\n').at(-1)).toMatch(/,"'-1\+1"$/);
    for (const row of Papa.parse<string[]>(rejectionsCsv(hostile, 'en')).data) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
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

// ---------------------------------------------------------------------------------------------
// CRM ids, leads, account fields (issue #6)

const csv = (lines: string[]) => utf8(`${lines.join('\r\n')}\r\n`);
const refsOf = (p: Pick<Person, 'crmRefs' | 'crmKeys'>) => ({ crmRefs: p.crmRefs, crmKeys: p.crmKeys });

describe('CSV import: CRM ids', () => {
  it('recognises the id columns of HubSpot, Salesforce and Pipedrive exports, and which CRM it is', () => {
    const hs = ['Record ID', 'First Name', 'Email', 'Associated Company IDs', 'Associated Company', 'Lifecycle Stage', 'Contact owner'];
    expect(autoMap(hs, 'contacts')).toMatchObject({ crmId: [0], companyCrmId: [3], companyName: [4], lifecycleStage: [5], owner: [6] });
    expect(detectCrm(hs, autoMap(hs, 'contacts'))).toBe('hubspot');
    const sf = ['Lead ID', 'First Name', 'Last Name', 'Company', 'Lead Status', 'Lead Owner'];
    expect(autoMap(sf, 'contacts')).toMatchObject({ crmId: [0], companyName: [3], leadStatus: [4], owner: [5] });
    expect(detectCrm(sf, autoMap(sf, 'contacts'), [['00QE000000A1bCd', 'Ana', 'Ruiz', 'X', 'Open', '']])).toBe('salesforce');
    expect(isLeadsFile(sf)).toBe(true);
    const sfContacts = ['Contact ID', 'Name', 'Account ID', 'Account Name'];
    expect(autoMap(sfContacts, 'contacts')).toMatchObject({ crmId: [0], companyCrmId: [2], companyName: [3] });
    expect(detectCrm(sfContacts, autoMap(sfContacts, 'contacts'), [['003D000000QsWpS', 'Ana', '001A0000006Vm9r', 'X']])).toBe('salesforce');
    expect(isLeadsFile(sfContacts)).toBe(false);
    const loader = ['Id', 'FirstName', 'LastName', 'Email', 'AccountId'];
    expect(autoMap(loader, 'contacts')).toMatchObject({ crmId: [0], givenName: [1], familyName: [2], companyCrmId: [4] });
    expect(detectCrm(['Id', 'Name'], autoMap(['Id', 'Name'], 'contacts'), [['0035g00000AbCdE', 'Ana']])).toBe('salesforce');
    // a bare "ID" with 1, 2, 3 … is the file's own numbering, not a CRM's
    expect(detectCrm(['ID', 'Name'], autoMap(['ID', 'Name'], 'contacts'), [['1', 'Ana'], ['2', 'Luis']])).toBeUndefined();
    const pd = ['Lead - ID', 'Lead - Title', 'Person - ID', 'Person - Name', 'Organization - ID', 'Organization - Name', 'Deal - ID'];
    const pdMap = autoMap(pd, 'contacts');
    expect(pdMap).toMatchObject({ leadId: [0], crmId: [2], fullName: [3], companyCrmId: [4], companyName: [5] });
    expect(pdMap.title).toBeUndefined(); // "Lead - Title" is the lead's name, not a job title
    expect(Object.values(pdMap).flat()).not.toContain(6); // nor is "Deal - ID" the person's id
    expect(detectCrm(pd, pdMap)).toBe('pipedrive');
    expect(autoMap(['Organization - ID', 'Organization - Name', 'Organization - Number of employees', 'Organization - Industry', 'Organization - Owner'], 'accounts')).toMatchObject({
      crmId: [0],
      companyName: [1],
      employees: [2],
      industry: [3],
      owner: [4],
    });
  });

  it('ids in the form the sync keeps: 15- and 18-character Salesforce ids are one id', () => {
    // the 18-character form adds a suffix that encodes the case of the first 15 (5 bits per 5 characters)
    expect(parseCrmId('salesforce', 'person', '003D000000QsWpS')).toEqual({ ok: true, ref: { system: 'salesforce', objectType: 'Contact', id: '003D000000QsWpSIAV' } });
    expect(parseCrmId('salesforce', 'person', '003D000000QsWpSIAV')).toEqual(parseCrmId('salesforce', 'person', '003D000000QsWpS'));
    expect(parseCrmId('salesforce', 'person', '003D000000QsWpSiav')).toMatchObject({ ok: true, ref: { id: '003D000000QsWpSIAV' } });
    expect(parseCrmId('salesforce', 'person', '00QE000000A1bCd')).toMatchObject({ ok: true, ref: { objectType: 'Lead', id: '00QE000000A1bCdMAJ' } });
    expect(parseCrmId('salesforce', 'account', '001A0000006Vm9r')).toMatchObject({ ok: true, ref: { objectType: 'Account', id: '001A0000006Vm9rIAC' } });
    expect(parseCrmId('hubspot', 'person', '101')).toEqual({ ok: true, ref: { system: 'hubspot', objectType: '0-1', id: '101' } });
    expect(parseCrmId('hubspot', 'account', '9.0')).toMatchObject({ ok: true, ref: { objectType: '0-2', id: '9' } });
    expect(parseCrmId('pipedrive', 'person', '42')).toMatchObject({ ok: true, ref: { objectType: 'person', id: '42' } });
    expect(parseCrmId('pipedrive', 'account', '7')).toMatchObject({ ok: true, ref: { objectType: 'organization', id: '7' } });
    expect(parseCrmId('pipedrive', 'lead', '5E3B1C20-9A4F-11EE-B1D2-0F3C6A8E2D71')).toMatchObject({ ok: true, ref: { objectType: 'lead', id: '5e3b1c20-9a4f-11ee-b1d2-0f3c6a8e2d71' } });
  });

  it('rejects malformed ids with row, column and reason', () => {
    const headers = ['Contact ID', 'Name'];
    const row = (id: string) => readRow({ row: 7, cells: [id, 'Ana Ruiz'] }, headers, autoMap(headers, 'contacts'), 'contacts', { crm: 'salesforce' });
    expect(row('003D000000QsWpSXXX')).toEqual({
      ok: false,
      rejections: [{ row: 7, column: 'Contact ID', reason: expect.objectContaining({ en: expect.stringContaining('do not match the first 15') }) }],
    });
    expect(row('003D00000')).toMatchObject({ ok: false, rejections: [{ reason: { en: 'not a Salesforce id (15 or 18 letters and digits): "003D00000"' } }] });
    expect(row('001A0000006Vm9r')).toMatchObject({ ok: false, rejections: [{ reason: { es: 'no es el id de un contacto (003…) ni de un candidato (00Q…) de Salesforce: «001A0000006Vm9r»' } }] });
    const hs = ['Record ID', 'Email'];
    expect(readRow({ row: 3, cells: ['12a', 'a@b.es'] }, hs, autoMap(hs, 'contacts'), 'contacts', { crm: 'hubspot' })).toEqual({
      ok: false,
      rejections: [{ row: 3, column: 'Record ID', reason: { en: 'not a HubSpot record id (digits only): "12a"', es: 'no es un id de registro de HubSpot (solo cifras): «12a»' } }],
    });
    const pd = ['Lead - ID', 'Person - Name'];
    expect(readRow({ row: 4, cells: ['17', 'Ana'] }, pd, autoMap(pd, 'contacts'), 'contacts', { crm: 'pipedrive' })).toMatchObject({
      ok: false,
      rejections: [{ row: 4, column: 'Lead - ID', reason: { en: 'not a Pipedrive lead id (a UUID): "17"' } }],
    });
  });

  it('HubSpot Record ID: one record per CRM record; a later export with changed names finds them by id', async () => {
    const { db, run } = await setup();
    const first = await run(fixture('hubspot-contacts.csv'), 'contacts');
    // Chema (102) looks like José María (101) but HubSpot has two records: the sync would bring both back
    expect(first.result).toMatchObject({ imported: 10, merged: 0, rejected: [] });
    const jm = (await people(db)).find((p) => p.fullName === 'José María García López')!;
    expect(refsOf(jm)).toEqual({ crmRefs: [{ system: 'hubspot', objectType: '0-1', id: '101' }], crmKeys: ['hubspot:person:101'] });
    // a new export: names and e-mails changed, the ids are the same
    const again = await run(
      csv([
        'Record ID,First Name,Last Name,Email,Job Title',
        '101,Josema,García,josema@iberialogistica.es,CEO',
        '105,Rob,Smith-Jones,,',
        '102,Chema,Garcia,,Comercial',
      ]),
      'contacts',
    );
    expect(again.result).toMatchObject({ imported: 0, rejected: [], unchanged: 1, merged: 2 });
    expect(await db.count('people')).toBe(10);
    const after = (await db.get('people', jm.id))!;
    expect(after).toMatchObject({ fullName: 'José María García López', title: 'Director Comercial' }); // nothing overwritten
    expect(after.emails).toEqual(['jmgarcia@iberialogistica.es', 'josema@iberialogistica.es']);
    expect(again.result.merges.map((m) => [m.row, m.name, m.fields])).toEqual([
      [2, 'José María García López', ['email']],
      [4, 'Chema Garcia', ['title']],
    ]);
  });

  it('Salesforce: a 15-character export and an 18-character export of the same records make one record each; leads are leads', async () => {
    const { db, run } = await setup();
    const first = await run(
      csv(['Lead ID,First Name,Last Name,Company,Email,Lead Status', '00QE000000A1bCd,Ana,Ruiz Soto,Textiles Ruiz S.L.,ana@textilesruiz.es,Open - Not Contacted']),
      'contacts',
    );
    expect(first.result.imported).toBe(1);
    const second = await run(
      csv(['Lead ID,First Name,Last Name,Company,Email,Phone,Lead Status', '00QE000000A1bCdMAJ,Anita,Ruiz,Textiles Ruiz,anita@gmail.com,+34 600 111 222,Working - Contacted']),
      'contacts',
    );
    expect(second.result).toMatchObject({ imported: 0, merged: 1 });
    const [ana, ...rest] = await people(db);
    expect(rest).toEqual([]);
    expect(ana).toMatchObject({ kind: 'lead', fullName: 'Ana Ruiz Soto', companyName: 'Textiles Ruiz S.L.', leadStatus: 'new', phone: '+34 600 111 222' });
    expect(refsOf(ana!)).toEqual({ crmRefs: [{ system: 'salesforce', objectType: 'Lead', id: '00QE000000A1bCdMAJ' }], crmKeys: ['salesforce:person:00QE000000A1bCdMAJ'] });
    // the sidebar on the lead's Salesforce page finds it by its id
    const found = await resolvePeople(db, { site: 'salesforce', kind: 'lead', objectType: 'Lead', recordId: '00QE000000A1bCdMAJ' }, undefined);
    expect(found.map((m) => [m.record.id, m.matchedBy])).toEqual([[ana!.id, 'crm-id']]);
  });

  it('a later CRM sync recognises the imported record instead of creating a second one', async () => {
    const { db, run } = await setup();
    await run(csv(['Record ID,First Name,Last Name,Email', '555,Lucía,Ortega,lucia@example.com']), 'contacts');
    const [lucia] = await people(db);
    await db.put('syncConnections', { id: 'hubspot', system: 'hubspot', cursors: {}, account: {} } as unknown as ConnectionRecord);
    const page = {
      records: [{ entity: 'person', objectType: '0-1', crmId: '555', modifiedAt: NOW.toISOString(), fields: { firstName: 'Lucía', lastName: 'Ortega', title: 'CFO' } }],
      cursor: { mode: 'full' },
    } as unknown as PullPage;
    const applied = await applyPage(db, 'hubspot', 'contacts', page, NOW);
    expect(applied.changedIds).toEqual([lucia!.id]);
    expect(await db.count('people')).toBe(1);
    expect((await db.get('people', lucia!.id))!.title).toBe('CFO');
  });

  it('an export of records already synced merges into them by id; a connected CRM gets no copy of its own records', async () => {
    const { db, run } = await setup();
    await db.put('syncConnections', { id: 'hubspot', system: 'hubspot', cursors: {}, account: {} } as unknown as ConnectionRecord);
    const synced: Person = {
      id: 'hubspot-person-777', kind: 'contact', firstName: 'Bea', lastName: 'Soler', fullName: 'Bea Soler', nameKey: 'bea soler', emails: [],
      crmRefs: [{ system: 'hubspot', objectType: '0-1', id: '777' }], crmKeys: ['hubspot:person:777'], createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), source: 'crm',
    };
    await db.put('people', synced);
    const { result } = await run(
      csv(['Record ID,First Name,Last Name,Email', '777,Beatriz,Soler Vidal,bea@soler.es', '778,Nuevo,Contacto,nuevo@example.com']),
      'contacts',
    );
    expect(result).toMatchObject({ imported: 1, merged: 1 });
    expect((await db.get('people', 'hubspot-person-777'))!.emails).toEqual(['bea@soler.es']);
    const entries = await allEntries(db, 'hubspot');
    // the new row's record exists in HubSpot already (it has an id there): no create; the filled e-mail is an update of 777
    expect(entries.map((e) => [e.op, e.ref.localId])).toEqual([['update', 'hubspot-person-777']]);
  });

  it('Pipedrive leads export: leads with their company, the person id and the lead id (the sidebar finds the lead page)', async () => {
    const { db, run } = await setup();
    const orgs = await run(csv(['Organization - ID,Organization - Name,Organization - Industry', '31,Lima Port S.A.C.,Logística']), 'accounts');
    expect(orgs.result.imported).toBe(1);
    const [port] = await db.getAll('accounts');
    expect(refsOf(port!)).toEqual({ crmRefs: [{ system: 'pipedrive', objectType: 'organization', id: '31' }], crmKeys: ['pipedrive:account:31'] });
    const { result } = await run(
      csv([
        'Lead - ID,Lead - Title,Person - ID,Person - Name,Person - Email,Organization - ID,Organization - Name',
        '5E3B1C20-9A4F-11EE-B1D2-0F3C6A8E2D71,Grúas 2027,88,Dolores Quispe,dolores.quispe@limaport.pe,31,Lima Port S.A.C.',
      ]),
      'contacts',
    );
    expect(result).toMatchObject({ imported: 1, rejected: [] });
    const [dolores] = await people(db);
    expect(dolores).toMatchObject({ kind: 'lead', fullName: 'Dolores Quispe', companyName: 'Lima Port S.A.C.' });
    expect(dolores!.crmKeys).toEqual(['pipedrive:person:88', 'pipedrive:person:5e3b1c20-9a4f-11ee-b1d2-0f3c6a8e2d71']);
    const onLeadPage = await resolvePeople(db, { site: 'pipedrive', kind: 'lead', objectType: 'lead', recordId: '5e3b1c20-9a4f-11ee-b1d2-0f3c6a8e2d71' }, undefined);
    expect(onLeadPage.map((m) => m.record.id)).toEqual([dolores!.id]);
    const onOrgPage = await resolveAccounts(db, { site: 'pipedrive', kind: 'account', objectType: 'organization', recordId: '31' }, undefined);
    expect(onOrgPage.map((m) => m.record.id)).toEqual([port!.id]);
  });

  it('links people to their account by the company id column (HubSpot, Salesforce, Pipedrive)', async () => {
    const { db, run } = await setup();
    await run(csv(['Record ID,Company name,Company Domain Name', '9001,Talvora Logística S.L.,talvora.example']), 'accounts');
    await run(csv(['Account ID,Account Name', '001A0000006Vm9r,Bilbotek S.L.']), 'accounts');
    await run(csv(['Organization - ID,Organization - Name', '31,Andina Soluciones S.A.S.']), 'accounts');
    const accounts = await db.getAll('accounts');
    const idOf = (name: string) => accounts.find((a) => a.name === name)!.id;
    // the company name in the file is not the account's (a renamed company): the id decides
    await run(csv(['Record ID,First Name,Last Name,Associated Company IDs,Associated Company', '1,Eva,Gil,9001;9002,Grupo Talvora']), 'contacts');
    await run(csv(['Contact ID,First Name,Last Name,Account ID', '003D000000QsWpS,Íñigo,Urquijo,001A0000006Vm9rIAC']), 'contacts');
    await run(csv(['Person - ID,Person - Name,Organization - ID', '5,Nacho Fernández,31']), 'contacts');
    const byName = new Map((await people(db)).map((p) => [p.fullName, p]));
    expect(byName.get('Eva Gil')).toMatchObject({ kind: 'contact', accountId: idOf('Talvora Logística S.L.') });
    expect(byName.get('Íñigo Urquijo')).toMatchObject({ kind: 'contact', accountId: idOf('Bilbotek S.L.') });
    expect(byName.get('Nacho Fernández')).toMatchObject({ kind: 'contact', accountId: idOf('Andina Soluciones S.A.S.') });
  });
});

describe('CSV import: leads and contacts', () => {
  it("HubSpot's lifecycle stage says lead or contact; lead statuses of Salesforce and HubSpot", () => {
    for (const v of ['lead', 'Lead', 'subscriber', 'Suscriptor', 'marketingqualifiedlead', 'Marketing Qualified Lead', 'salesqualifiedlead', 'Lead cualificado para ventas']) {
      expect([v, kindOfLifecycleStage(v)]).toEqual([v, 'lead']);
    }
    for (const v of ['customer', 'Cliente', 'opportunity', 'Oportunidad', 'evangelist', 'other']) expect([v, kindOfLifecycleStage(v)]).toEqual([v, 'contact']);
    expect(kindOfLifecycleStage('???')).toBeUndefined();
    expect(leadStatusOf('Open - Not Contacted')).toBe('new');
    expect(leadStatusOf('Working - Contacted')).toBe('working');
    expect(leadStatusOf('Closed - Converted')).toBe('qualified');
    expect(leadStatusOf('Closed - Not Converted')).toBe('unqualified');
    expect(leadStatusOf('ATTEMPTED_TO_CONTACT')).toBe('working');
    expect(leadStatusOf('BAD_TIMING')).toBe('nurturing');
    expect(leadStatusOf('Cerrado - No convertido')).toBe('unqualified');
    expect(leadStatusOf('whatever')).toBeUndefined();
  });

  it('each row as it says, or all as contacts or all as leads when the user chooses', async () => {
    const lines = [
      'Record ID,First Name,Last Name,Email,Lifecycle Stage',
      '1,Ana,Ruiz,ana@example.com,Lead',
      '2,Luis,Mora,luis@example.com,Customer',
      '3,Eva,Gil,eva@example.com,marketingqualifiedlead',
      '4,Pablo,Sanz,pablo@example.com,',
    ];
    const kinds = async (personKind?: 'file' | 'contact' | 'lead') => {
      const { db, run } = await setup();
      await run(csv(lines), 'contacts', personKind ? { personKind } : {});
      return Object.fromEntries((await people(db)).map((p) => [p.firstName, p.kind]));
    };
    expect(await kinds()).toEqual({ Ana: 'lead', Luis: 'contact', Eva: 'lead', Pablo: 'contact' });
    expect(await kinds('contact')).toEqual({ Ana: 'contact', Luis: 'contact', Eva: 'contact', Pablo: 'contact' });
    expect(await kinds('lead')).toEqual({ Ana: 'lead', Luis: 'lead', Eva: 'lead', Pablo: 'lead' });
  });

  it('a Salesforce leads report without ids: every row a lead, the company kept as typed', async () => {
    const { db, run } = await setup({ demo: true });
    const { result } = await run(csv(['First Name,Last Name,Company / Account,Email,Lead Source,Lead Owner', 'Zacarías,Ulloa,Quintanar Tejidos S.L.,zacarias@quintanar.example,Web,']), 'contacts');
    expect(result.imported).toBe(1);
    const z = (await people(db)).find((p) => p.firstName === 'Zacarías')!;
    expect(z).toMatchObject({ kind: 'lead', companyName: 'Quintanar Tejidos S.L.' });
    expect(z.accountId).toBeUndefined();
  });
});

describe('CSV import: account fields', () => {
  it('employee counts and ranges', () => {
    expect(parseEmployees('51-200')).toBe(51);
    expect(parseEmployees('51 - 200 employees')).toBe(51);
    expect(parseEmployees('10,001+')).toBe(10001);
    expect(parseEmployees('1.200')).toBe(1200);
    expect(parseEmployees('201 a 500 empleados')).toBe(201);
    expect(parseEmployees('350')).toBe(350);
    expect(parseEmployees('lots')).toBeUndefined();
    expect(parseEmployees('2.5')).toBeUndefined();
  });

  it('ABM tiers as teams write them', () => {
    for (const [v, tier] of [['1', 'tier-1'], ['Tier 2', 'tier-2'], ['T3', 'tier-3'], ['Nivel 1', 'tier-1'], ['tier-2', 'tier-2'], ['1:1', 'tier-1'], ['1:few', 'tier-2'], ['1:many', 'tier-3'], ['III', 'tier-3']] as const) {
      expect(parseTier(v), v).toBe(tier);
    }
    for (const v of ['4', 'gold', 'tier 12', '']) expect(parseTier(v), v).toBeUndefined();
  });

  it('an accounts file with an ABM tier column: new accounts take it, existing ones get it where empty, a bad tier is refused with its reason', async () => {
    const { db, run } = await setup();
    const first = await run(csv(['Company name,Website,ABM tier', 'Lima Port S.A.C.,limaport.pe,Tier 1', 'Andes Frío S.A.,andesfrio.pe,1:many']), 'accounts');
    expect(first.result).toMatchObject({ imported: 2, rejected: [] });
    const byName = async () => Object.fromEntries((await db.getAll('accounts')).map((a) => [a.name, a.tier]));
    expect(await byName()).toEqual({ 'Lima Port S.A.C.': 'tier-1', 'Andes Frío S.A.': 'tier-3' });
    const again = await run(csv(['Nombre de la empresa,Sitio web,Nivel ABM', 'Lima Port SAC,limaport.pe,3', 'Sur Cargo,surcargo.pe,oro']), 'accounts');
    expect(again.result.rejected.map((r) => [r.column, r.reason.es])).toEqual([['Nivel ABM', 'no es un nivel ABM (1, 2 o 3): «oro»']]);
    // never overwritten: Lima Port keeps tier 1
    expect((await byName())['Lima Port S.A.C.']).toBe('tier-1');
  });

  it('products owned: dates, amounts and seats as spreadsheets write them', () => {
    for (const [v, d] of [['2026-03-01', '2026-03-01'], ['2026-03-01T10:00:00Z', '2026-03-01'], ['15/01/2024', '2024-01-15'], ['01/15/2024', '2024-01-15'], ['4.4.2025', '2025-04-04']] as const) {
      expect(parseOwnedDate(v), v).toBe(d);
    }
    for (const v of ['03/04/2026', '2026-02-30', 'March 2026', '']) expect(parseOwnedDate(v), v).toBeUndefined();
    for (const [v, n] of [['18000', 18000], ['€18,000', 18000], ['18.000 €', 18000], ['18,000.50', 18000.5], ['18.000,50', 18000.5], ['EUR 1 200', 1200], ['1,5', 1.5], ['1,234,567', 1234567]] as const) {
      expect(parseAmount(v), v).toBe(n);
    }
    for (const v of ['-5', 'lots', '1.2.3,4,5', '']) expect(parseAmount(v), v).toBeUndefined();
  });

  it('dates that could be day or month first are read as the whole file writes them, else refused', () => {
    expect(parseOwnedDate('03/04/2026', 'dmy')).toBe('2026-04-03');
    expect(parseOwnedDate('03/04/2026', 'mdy')).toBe('2026-03-04');
    // a date that says which is the day wins over the file's order; an impossible one stays refused
    expect(parseOwnedDate('15/01/2024', 'mdy')).toBe('2024-01-15');
    expect(parseOwnedDate('31/02/2026', 'dmy')).toBeUndefined();
    const en = ['Company name', 'Product', 'Product since'];
    const es = ['Empresa', 'Producto', 'Producto desde'];
    expect(dateOrderOf(['03/04/2026', '15/11/2025'], en)).toBe('dmy');
    expect(dateOrderOf(['03/04/2026', '11/15/2025'], en)).toBe('mdy');
    // both kinds in one column: the file does not say
    expect(dateOrderOf(['15/11/2025', '11/15/2025'], es)).toBeUndefined();
    // no date says: Spanish headers are read day first, English ones not at all
    expect(dateOrderOf(['03/04/2026', '2025-01-01'], es)).toBe('dmy');
    expect(dateOrderOf(['03/04/2026', '2025-01-01'], ['Empresa', 'Producto', 'Fecha de alta'].map((h) => h.toUpperCase()))).toBe('dmy');
    expect(dateOrderOf(['03/04/2026'], en)).toBeUndefined();
  });

  it('a US accounts file: its month-first dates are read so, the page saying so before the import', async () => {
    const { db, run } = await setup();
    const lines = ['Company name,Website,Product,Product since', 'Lima Port S.A.C.,limaport.pe,Analytics,03/04/2026', 'Lima Port S.A.C.,limaport.pe,Core,12/31/2025'];
    const { file, result } = await run(csv(lines), 'accounts');
    expect(dateOrderFor(file, autoMap(file.headers, 'accounts'))).toBe('mdy');
    expect(result.rejected).toEqual([]);
    const [account] = await db.getAll('accounts');
    expect(account!.products.map((p) => p.since).sort()).toEqual(['2025-12-31', '2026-03-04']);
  });

  it('an accounts file with products owned: one row per account × product, merged into one account; the catalogue’s product by name; bad cells refused', async () => {
    const { db, run } = await setup();
    await db.put('products', { id: 'crm-core', name: 'Core', family: 'Platform', listPrice: 480, currency: 'EUR', unit: 'seat/year', source: 'crm' });
    const lines = [
      'Company name,Website,Product,Product since,Seats,ARR',
      'Lima Port S.A.C.,limaport.pe,Analytics,2025-03-01,40,"€18,000"',
      'Lima Port S.A.C.,limaport.pe,core,15/01/2024,10,4800',
      'Andes Frío S.A.,andesfrio.pe,Analytics,03/04/2026,5,x',
      'Sur Cargo,surcargo.pe,,2025-01-01,,',
    ];
    const { result } = await run(csv(lines), 'accounts');
    // (row 2's 15/01/2024 tells the file writes the day first: row 4's 03/04/2026 is 3 April)
    expect(result.rejected.map((r) => [r.row, r.column, r.reason.en])).toEqual([
      [4, 'ARR', 'not an amount: "x"'],
      [5, 'Product since', 'a product’s date, seats or ARR without the product’s name'],
    ]);
    const accounts = await db.getAll('accounts');
    expect(accounts.map((a) => a.name)).toEqual(['Lima Port S.A.C.']);
    expect(accounts[0]).toMatchObject({
      lifecycle: 'customer',
      products: [
        { productId: 'imp-product-analytics', since: '2025-03-01', seats: 40, arr: 18000 },
        { productId: 'crm-core', since: '2024-01-15', seats: 10, arr: 4800 },
      ],
    });
    expect(await db.get('products', 'imp-product-analytics')).toMatchObject({ name: 'Analytics', source: 'import' });
    // the same file again changes nothing; a later file fills only what is empty
    await run(csv(lines), 'accounts');
    await run(csv(['Company name,Website,Product,Seats,ARR', 'Lima Port S.A.C.,limaport.pe,Analytics,99,1']), 'accounts');
    expect((await db.getAll('accounts'))[0]!.products).toEqual(accounts[0]!.products);
    expect(await db.count('products')).toBe(2);
  });

  it('an accounts file with a parent company column builds the hierarchy, a parent listed after its units too', async () => {
    const { db, run } = await setup();
    const { result } = await run(
      csv([
        'Company name,Website,Parent company',
        'Andes Frío S.A.,andesfrio.pe,Grupo Andes',
        'Andes Cargo S.A.C.,andescargo.pe,grupoandes.pe',
        'Grupo Andes,grupoandes.pe,Grupo Andes',
        'Sur Cargo,surcargo.pe,Nadie S.A.',
      ]),
      'accounts',
    );
    expect(result).toMatchObject({ imported: 4, rejected: [] });
    const all = await db.getAll('accounts');
    const id = (name: string) => all.find((a) => a.name === name)!.id;
    const parentOf = Object.fromEntries(all.map((a) => [a.name, a.parentId ? all.find((p) => p.id === a.parentId)?.name : undefined]));
    // by name (listed after), by website; never itself; an unknown parent stays unknown
    expect(parentOf).toEqual({ 'Andes Frío S.A.': 'Grupo Andes', 'Andes Cargo S.A.C.': 'Grupo Andes', 'Grupo Andes': undefined, 'Sur Cargo': undefined });
    // a parent already set is not overwritten by a later file
    await run(csv(['Company name,Website,Parent company', 'Andes Frío S.A.,andesfrio.pe,Sur Cargo']), 'accounts');
    expect((await db.get('accounts', id('Andes Frío S.A.')))!.parentId).toBe(id('Grupo Andes'));
  });

  it('owners by e-mail or name among the workspace users', () => {
    const users: User[] = [
      { id: 'u1', name: 'María López', email: 'maria.lopez@acme.es', team: 'sales', role: 'AE', source: 'local' },
      { id: 'u2', name: 'John Smith', email: 'john@acme.com', team: 'sales', role: 'AE', source: 'local' },
    ];
    const owner = ownerResolver(users);
    expect(owner('Maria Lopez')).toBe('u1');
    expect(owner('MARIA.LOPEZ@ACME.ES')).toBe('u1');
    expect(owner('John Smith (john@acme.com)')).toBe('u2');
    expect(owner('Someone Else')).toBeUndefined();
  });

  it('industry, employees, phone and owner; filled on a merge, never overwritten; bad values rejected', async () => {
    const { db, run } = await setup();
    await db.put('users', { id: 'u1', name: 'María López', email: 'maria.lopez@acme.es', team: 'sales', role: 'AE', source: 'local' });
    const { result } = await run(
      csv([
        'Record ID,Company name,Company Domain Name,Industry,Number of Employees,Phone Number,Company owner',
        '11,Talvora Logística S.L.,talvora.example,Logistics,51-200,+34 910 000 001,María López',
        '12,Cortel Foods,cortel.example,Food,many,,',
        '13,Ranita Seguros,ranita.example,,,+34 910 000 003,nobody@acme.es',
      ]),
      'accounts',
    );
    expect(result.imported).toBe(2);
    expect(result.rejected.map((r) => [r.row, r.column, r.reason.en])).toEqual([[3, 'Number of Employees', 'not a number of employees: "many"']]);
    const talvora = (await db.getAll('accounts')).find((a) => a.name === 'Talvora Logística S.L.')!;
    expect(talvora).toMatchObject({ industry: 'Logistics', employees: 51, phone: '+34 910 000 001', ownerId: 'u1' });
    const ranita = (await db.getAll('accounts')).find((a) => a.name === 'Ranita Seguros')!;
    expect(ranita.ownerId).toBeUndefined();
    // a Salesforce export of the same companies (without ids): empty fields filled, the rest kept
    const merge = await run(csv(['Account Name,Website,Industry,Employees,Account Owner', 'Ranita Seguros,ranita.example,Insurance,1.200,maria.lopez@acme.es', 'Talvora Logística S.L.,talvora.example,Transport,500,']), 'accounts');
    expect(merge.result).toMatchObject({ imported: 0, merged: 2 });
    expect((await db.get('accounts', ranita.id))).toMatchObject({ industry: 'Insurance', employees: 1200, ownerId: 'u1' });
    expect((await db.get('accounts', talvora.id))).toMatchObject({ industry: 'Logistics', employees: 51 });
  });
});

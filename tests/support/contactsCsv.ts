// A synthetic CRM contacts export for tests and the benchmark: Spanish and English names with
// accents, two surnames, unique work e-mails at a few thousand companies, phones on some rows,
// and one row in `badEvery` with a broken e-mail (rejected). Deterministic per seed.
import { mulberry32 } from '../../utils/demo/prng';
import { EN_FEMALE, EN_MALE, EN_SURNAMES, ES_FEMALE, ES_FEMALE_COMPOUND, ES_MALE, ES_MALE_COMPOUND, ES_SURNAMES } from '../../utils/demo/data/names';
import { wordsOf } from '../../utils/text/normalize';

export function generateContactsCsv(
  rows: number,
  {
    seed = 7,
    companies = Math.max(10, Math.floor(rows / 20)),
    badEvery = 0,
    delimiter = ',',
    /** HubSpot-style: a "Record ID" and a "Lifecycle Stage" column */
    hubspot = false,
    /** one row in `duplicateEvery` is an earlier row again (same Record ID, the e-mail in capitals, no phone) */
    duplicateEvery = 0,
  } = {},
): string {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const firsts = [...ES_MALE, ...ES_FEMALE, ...ES_MALE_COMPOUND, ...ES_FEMALE_COMPOUND, ...EN_MALE, ...EN_FEMALE];
  const surnames = [...ES_SURNAMES, ...EN_SURNAMES];
  const header = ['First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Job Title', 'City', 'Country/Region'];
  const lines = [(hubspot ? ['Record ID', ...header, 'Lifecycle Stage'] : header).join(delimiter)];
  const stages = ['lead', 'subscriber', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];
  const written: string[][] = [];
  // company names from syllables ("Talvora Logística S.L."), each with its own domain
  const syl = ['ta', 'lo', 'mi', 'ver', 'san', 'cor', 'bel', 'ni', 'ra', 'qui', 'mon', 'tel', 'dra', 'vi', 'zu', 'fe', 'gal', 'pa', 'ri', 'ox'];
  const sectors = ['Logística', 'Analytics', 'Foods', 'Ingeniería', 'Seguros', 'Software', 'Textil', 'Energía', 'Retail', 'Consulting'];
  const forms = ['S.L.', 'S.A.', 'Inc.', 'S.A.S.', 'SpA', 'S.A. de C.V.'];
  const seenCompany = new Set<string>();
  const companyList: Array<{ name: string; domain: string }> = [];
  while (companyList.length < companies) {
    const root = `${pick(syl)}${pick(syl)}${pick(syl)}`;
    if (seenCompany.has(root)) continue;
    seenCompany.add(root);
    const name = `${root[0]!.toUpperCase()}${root.slice(1)} ${sectors[companyList.length % sectors.length]} ${pick(forms)}`;
    companyList.push({ name, domain: `${root}.example` });
  }
  const cityList = ['Madrid', 'Barcelona', 'Sevilla', 'Valencia', 'Bilbao', 'Málaga', 'Zaragoza', 'Ciudad de México', 'Guadalajara', 'Monterrey', 'Bogotá', 'Medellín', 'Lima', 'Santiago', 'Buenos Aires', 'Córdoba', 'Montevideo', 'Quito', 'Austin', 'Miami', 'London', 'Lisboa', 'Porto', 'Valladolid', 'Murcia', 'Alicante', 'Granada', 'Vigo', 'Gijón', 'Pamplona'];
  const titles = ['Director Comercial', 'CFO', 'Jefa de Compras', 'VP Sales', 'Analista', 'CTO', 'Office Manager', 'Gerente General'];
  for (let i = 0; i < rows; i++) {
    if (duplicateEvery && i % duplicateEvery === Math.floor(duplicateEvery / 2) && written.length > 0) {
      const earlier = [...written[Math.floor(rnd() * written.length)]!];
      const e = hubspot ? 3 : 2;
      earlier[e] = earlier[e]!.toUpperCase();
      earlier[e + 1] = '';
      lines.push(earlier.map((v) => (v.includes(delimiter) ? `"${v}"` : v)).join(delimiter));
      continue;
    }
    const first = pick(firsts);
    const last = `${pick(surnames)} ${pick(surnames)}`;
    const c = Math.floor(rnd() * companies);
    const local = `${wordsOf(first).join('')}.${wordsOf(last)[0]}${i}`;
    const company = companyList[c]!;
    const email = badEvery && i % badEvery === badEvery - 1 ? `${local}@` : `${local}@${company.domain}`;
    const phone = rnd() < 0.4 ? `+34 6${String(10_000_000 + i).padStart(8, '0')}` : '';
    const base = [first, last, email, phone, company.name, pick(titles), cityList[c % cityList.length]!, 'Spain'];
    const cells = hubspot ? [String(100_000 + i), ...base, pick(stages)] : base;
    if (duplicateEvery) written.push(cells);
    lines.push(cells.map((v) => (v.includes(delimiter) ? `"${v}"` : v)).join(delimiter));
  }
  return `${lines.join('\r\n')}\r\n`;
}

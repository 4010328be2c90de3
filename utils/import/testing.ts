// A synthetic CRM contacts export for tests and the benchmark: Spanish and English names with
// accents, two surnames, unique work e-mails at a few thousand companies, phones on some rows,
// and one row in `badEvery` with a broken e-mail (rejected). Deterministic per seed.
import { mulberry32 } from '../demo/prng';
import { EN_FEMALE, EN_MALE, EN_SURNAMES, ES_FEMALE, ES_FEMALE_COMPOUND, ES_MALE, ES_MALE_COMPOUND, ES_SURNAMES } from '../demo/data/names';
import { wordsOf } from '../match/normalize';

export function generateContactsCsv(rows: number, { seed = 7, companies = Math.max(10, Math.floor(rows / 20)), badEvery = 0, delimiter = ',' } = {}): string {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const firsts = [...ES_MALE, ...ES_FEMALE, ...ES_MALE_COMPOUND, ...ES_FEMALE_COMPOUND, ...EN_MALE, ...EN_FEMALE];
  const surnames = [...ES_SURNAMES, ...EN_SURNAMES];
  const lines = [['First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Job Title', 'City', 'Country/Region'].join(delimiter)];
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
    const first = pick(firsts);
    const last = `${pick(surnames)} ${pick(surnames)}`;
    const c = Math.floor(rnd() * companies);
    const local = `${wordsOf(first).join('')}.${wordsOf(last)[0]}${i}`;
    const company = companyList[c]!;
    const email = badEvery && i % badEvery === badEvery - 1 ? `${local}@` : `${local}@${company.domain}`;
    const phone = rnd() < 0.4 ? `+34 6${String(10_000_000 + i).padStart(8, '0')}` : '';
    const cells = [first, last, email, phone, company.name, pick(titles), cityList[c % cityList.length]!, 'Spain'];
    lines.push(cells.map((v) => (v.includes(delimiter) ? `"${v}"` : v)).join(delimiter));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// A CRM-shaped benchmark set with ground truth, generated deterministically from a seed (no clock,
// no I/O). People in Spain, Latin America, the US and the UK work for companies with legal forms;
// each person has one record from the CRM and sometimes more: a web-form lead, a LinkedIn page
// (no e-mail, no phone), a spreadsheet import, a copy from another CRM, or a record from after a
// job change. Those copies bring what real ones bring: case and accent changes, typos, nicknames
// (Pepe, Paco, Bob …), dropped second surnames, "Apellidos, Nombre", initials, swapped fields,
// Gmail dots and +tags, phones in other formats, company names with or without legal form.
// Hard negatives come for free and on purpose: common names (many José García), colleagues who
// share a domain, a switchboard phone or info@, namesakes at the same company.
import type { MatchRecord } from '../../utils/match/record';
import { mulberry32 } from '../../utils/demo/prng';

export const BENCHMARK_SEED = 20_260_501;
/** the seed of the set the weights were estimated on; never used to evaluate */
export const TRAINING_SEED = 7;

// The same seeded generator as the demo workspace (one implementation).
export { mulberry32 } from '../../utils/demo/prng';

export class Rng {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /**
   * Half Zipf (rank r with probability ~ 1 / (r + 1.5)), half uniform: the top name takes about
   * 7 % and the top ten about a quarter, close to Spanish surnames (García 3 %, top ten 20 %).
   */
  zipf<T>(xs: readonly T[]): T {
    const n = xs.length;
    if (this.chance(0.5)) return xs[this.int(n)]!;
    const r = Math.floor(Math.pow(n + 1, this.next())) - 1;
    return xs[Math.min(n - 1, Math.max(0, r))]!;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Pools

const ES_MALE =
  'José Antonio Juan Manuel Francisco Luis Javier Miguel Carlos Ángel Jesús David Daniel Pedro Alejandro Rafael Fernando Pablo Sergio Jorge Alberto Ramón Enrique Diego Andrés Raúl Iván Rubén Óscar Santiago Ignacio Álvaro Adrián Mario Eduardo Roberto Ricardo Víctor Guillermo Joaquín Gonzalo Emilio Héctor Gustavo Arturo Marcos Hugo Julio Felipe Tomás Rodrigo Mateo Sebastián Nicolás Íñigo Borja Jaime Agustín Gabriel Alfonso Salvador Vicente Gregorio Mauricio Ernesto Federico Leonardo Cristian Aitor Unai Jordi Xavier'.split(' ');
const ES_FEMALE =
  'María Carmen Ana Isabel Laura Lucía Marta Elena Cristina Paula Sara Patricia Rosa Pilar Dolores Teresa Raquel Beatriz Mónica Silvia Alicia Irene Andrea Nuria Julia Sofía Claudia Lorena Verónica Natalia Valentina Camila Daniela Gabriela Mariana Fernanda Alejandra Guadalupe Rocío Concepción Mercedes Rosario Josefa Francisca Montserrat Inmaculada Susana Victoria Catalina Margarita Carolina Ainhoa Nerea Consuelo Asunción Soledad Macarena Estefanía Ximena Jimena Paloma'.split(' ');
const ES_COMPOUND_MALE = ['José María', 'Juan Carlos', 'José Luis', 'José Antonio', 'Juan José', 'Juan Pablo', 'Luis Fernando', 'Miguel Ángel', 'José Manuel', 'Juan Manuel', 'José Ignacio', 'Francisco Javier', 'Luis Miguel', 'José Ramón'];
const ES_COMPOUND_FEMALE = ['María José', 'María Teresa', 'María del Carmen', 'María Isabel', 'María Luisa', 'Ana María', 'María Fernanda', 'María de los Ángeles', 'María Jesús', 'María Dolores', 'Ana Isabel', 'María Elena', 'María Victoria', 'María Soledad'];
const EN_MALE =
  'James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Mark Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Henry Peter'.split(' ');
const EN_FEMALE =
  'Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine Christine Debra Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie'.split(' ');
export const ES_SURNAMES =
  'García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Herrera Márquez León Vidal Peña Flores Cabrera Campos Vega Fuentes Carrasco Díez Reyes Caballero Nieto Aguilar Pascual Santana Herrero Montero Lorenzo Hidalgo Giménez Ibáñez Ferrer Durán Santiago Benítez Vargas Mora Vicente Arias Carmona Crespo Román Pastor Soto Sáez Velasco Moya Soler Parra Esteban Bravo Gallardo Rojas Pardo Merino Franco Espinosa Izquierdo Lara Rivas Silva Rivera Casado Arroyo Redondo Camacho Rey Vera Otero Luque Galán Montes Ríos Sierra Segura Carrillo Marcos Soriano Mendoza Chávez Salazar Guzmán Juárez Estrada Contreras Ochoa Zúñiga Villanueva Cervantes Valdez Sandoval Escobar Montoya Cárdenas Quintero Ospina Restrepo Gaviria Uribe Zapata Arango Betancur Henao Valencia Londoño Bustos Figueroa Sepúlveda Araya Fuenzalida Quispe Mamani Huamán Urquijo Echeverría Zubizarreta Goicoechea Arrieta Olazábal Etxeberria Aguirre Larrañaga Iturbe Berasategui Azcárate Ybarra'.split(' ');
const ES_PARTICLE_SURNAMES = ['de la Fuente', 'del Río', 'de la Torre', 'San Martín', 'de León', 'del Castillo', 'de la Cruz', 'de los Santos', 'del Valle', 'de Miguel'];
export const EN_SURNAMES =
  "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster O'Brien McDonald O'Connor Fitzgerald Sullivan Hawthorne Whitaker Pemberton Ashworth".split(' ');

// Nicknames people actually use in forms and on LinkedIn (a subset of what the matcher knows,
// plus some it may not).
const NICKNAMES: Record<string, string[]> = {
  José: ['Pepe'], Francisco: ['Paco', 'Pancho', 'Fran', 'Curro'], Ignacio: ['Nacho'], Dolores: ['Lola', 'Loli'], Rosario: ['Charo'],
  Antonio: ['Toño', 'Toni'], Guillermo: ['Memo', 'Guille'], Alberto: ['Beto'], Roberto: ['Beto'], Jesús: ['Chucho', 'Chuy'],
  Enrique: ['Quique', 'Kike'], Rafael: ['Rafa'], Pilar: ['Pili'], Concepción: ['Conchi', 'Concha'], Manuel: ['Manolo', 'Manu'],
  Guadalupe: ['Lupe'], Francisca: ['Paqui', 'Paquita'], Fernando: ['Fer', 'Nando'], Alejandro: ['Álex', 'Alex'], Santiago: ['Santi'],
  'Juan José': ['Juanjo'], 'María Teresa': ['Maite', 'Mayte'], 'María Luisa': ['Marisa'], 'José María': ['Chema', 'Josema'],
  'María Isabel': ['Maribel'], 'María José': ['Majo', 'Mariajo'], Javier: ['Javi'], Daniel: ['Dani'], Eduardo: ['Edu', 'Lalo'],
  Cristina: ['Cris'], Beatriz: ['Bea'], Mercedes: ['Merche'], Montserrat: ['Montse'], Inmaculada: ['Inma'], Sebastián: ['Sebas'],
  Robert: ['Bob', 'Rob', 'Bobby'], William: ['Bill', 'Will', 'Billy'], Richard: ['Rick', 'Dick', 'Rich'], James: ['Jim', 'Jimmy'],
  Michael: ['Mike', 'Mick'], Elizabeth: ['Liz', 'Beth', 'Betty'], Katherine: ['Kate', 'Kathy'], Jennifer: ['Jen', 'Jenny'],
  Thomas: ['Tom', 'Tommy'], Christopher: ['Chris'], Anthony: ['Tony'], Joseph: ['Joe'], Margaret: ['Maggie', 'Peggy'],
  Steven: ['Steve'], Daniel_en: ['Dan', 'Danny'], Matthew: ['Matt'], Andrew: ['Andy', 'Drew'], Timothy: ['Tim'], Edward: ['Ed', 'Ted'],
  Nicholas: ['Nick'], Samuel: ['Sam'], Benjamin: ['Ben'], Alexander: ['Alex'], Patricia: ['Patty', 'Pati'], Rebecca: ['Becky'],
  Samantha: ['Sam'], Jonathan: ['Jon'], Gregory: ['Greg'], Kenneth: ['Ken'], Jeffrey: ['Jeff'], Susan: ['Sue'], Deborah: ['Debbie'],
};

export interface CountryInfo {
  code: string;
  hispanic: boolean;
  forms: string[];
  tlds: string[];
  cities: string[];
  share: number;
  host: string;
}

export const COUNTRIES: CountryInfo[] = [
  { code: 'ES', hispanic: true, forms: ['S.L.', 'S.A.', 'S.L.U.', 'S.A.U.', 'SL', 'SA'], tlds: ['es', 'com'], cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Bilbao', 'Málaga', 'Zaragoza', 'A Coruña', 'Valladolid', 'Alicante'], share: 0.38, host: 'es' },
  { code: 'MX', hispanic: true, forms: ['S.A. de C.V.', 'S. de R.L. de C.V.', 'S.A.P.I. de C.V.', 'SA de CV'], tlds: ['com.mx', 'mx', 'com'], cities: ['Ciudad de México', 'Guadalajara', 'Monterrey', 'Puebla', 'Querétaro', 'Mérida'], share: 0.2, host: 'mx' },
  { code: 'CO', hispanic: true, forms: ['S.A.S.', 'SAS', 'Ltda.', 'S.A.'], tlds: ['com.co', 'co'], cities: ['Bogotá', 'Medellín', 'Cali', 'Barranquilla'], share: 0.1, host: 'co' },
  { code: 'AR', hispanic: true, forms: ['S.A.', 'S.R.L.', 'S.A.S.'], tlds: ['com.ar'], cities: ['Buenos Aires', 'Córdoba', 'Rosario', 'Mendoza'], share: 0.08, host: 'ar' },
  { code: 'CL', hispanic: true, forms: ['SpA', 'Ltda.', 'S.A.'], tlds: ['cl'], cities: ['Santiago', 'Valparaíso', 'Concepción'], share: 0.05, host: 'cl' },
  { code: 'PE', hispanic: true, forms: ['S.A.C.', 'S.A.', 'S.R.L.', 'E.I.R.L.'], tlds: ['pe', 'com.pe'], cities: ['Lima', 'Arequipa', 'Trujillo'], share: 0.05, host: 'pe' },
  { code: 'US', hispanic: false, forms: ['Inc.', 'LLC', 'Corp.', 'Inc'], tlds: ['com', 'io'], cities: ['New York', 'San Francisco', 'Miami', 'Austin', 'Chicago', 'Houston'], share: 0.09, host: 'www' },
  { code: 'GB', hispanic: false, forms: ['Ltd', 'Ltd.', 'PLC', 'Limited'], tlds: ['co.uk', 'com'], cities: ['London', 'Manchester', 'Edinburgh', 'Bristol'], share: 0.05, host: 'uk' },
];

const SECTOR_ES = ['Logística', 'Consultores', 'Ingeniería', 'Soluciones', 'Tecnología', 'Energía', 'Construcciones', 'Distribuciones', 'Alimentación', 'Seguros', 'Servicios', 'Inmobiliaria', 'Farma', 'Textil', 'Transportes', 'Comunicación', 'Software', 'Sistemas'];
const SECTOR_EN = ['Logistics', 'Consulting', 'Engineering', 'Solutions', 'Technologies', 'Energy', 'Construction', 'Foods', 'Insurance', 'Services', 'Realty', 'Pharma', 'Software', 'Systems', 'Analytics', 'Partners'];
export const SYL = ['ta', 'ne', 'xo', 'vi', 'ra', 'lo', 'mi', 'ka', 'tri', 'on', 'ex', 'co', 'lu', 'na', 'ver', 'sol', 'mar', 'tec', 'gra', 'fi', 'da', 'zen', 'bo', 'qui', 'al', 'ter', 'ia', 'dex', 'nor', 'sur'];
export const TITLES = ['Director Comercial', 'Gerente de Compras', 'CTO', 'CEO', 'Directora de Marketing', 'Jefe de Sistemas', 'Responsable de IT', 'Head of Sales', 'VP Engineering', 'Procurement Manager', 'Analista', 'Directora Financiera', 'COO', 'Key Account Manager', 'Coordinador de Operaciones'];

export function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '');
}
export function slug(s: string, sep = ''): string {
  return stripAccents(s).toLowerCase().replace(/[^a-z0-9]+/g, sep).replace(new RegExp(`^${sep}|${sep}$`, 'g'), '');
}
export function cap(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

export interface Company {
  name: string;
  core: string;
  domain: string;
  country: CountryInfo;
  switchboard: string;
  city: string;
  /** LinkedIn company page key, unique */
  linkedin: string;
  /** relative number of contacts */
  size: number;
}

export interface Person {
  entity: number;
  country: CountryInfo;
  given: string;
  family1: string;
  family2: string | undefined;
  company: Company;
  workEmail: string;
  personalEmail: string;
  mobile: string;
  linkedin: string | undefined;
  city: string;
  title: string;
  female: boolean;
}

export function phoneDigits(rng: Rng, c: CountryInfo): { cc: string; national: string } {
  switch (c.code) {
    case 'ES':
      return { cc: '34', national: rng.pick(['6', '7']) + rng.digits(8) };
    case 'MX':
      return { cc: '52', national: rng.pick(['55', '33', '81']) + rng.digits(8) };
    case 'CO':
      return { cc: '57', national: '3' + rng.pick(['0', '1', '2', '5']) + rng.digits(8) };
    case 'AR':
      return { cc: '54', national: '911' + rng.digits(8) };
    case 'CL':
      return { cc: '56', national: '9' + rng.digits(8) };
    case 'PE':
      return { cc: '51', national: '9' + rng.digits(8) };
    case 'US':
      return { cc: '1', national: rng.pick(['212', '415', '305', '512', '312', '713']) + String(2 + rng.int(8)) + rng.digits(6) };
    default:
      return { cc: '44', national: '7' + rng.pick(['4', '5', '7', '8', '9']) + rng.digits(8) };
  }
}

function groups(s: string, sizes: number[]): string {
  const out: string[] = [];
  let i = 0;
  for (const n of sizes) {
    if (i >= s.length) break;
    out.push(s.slice(i, i + n));
    i += n;
  }
  if (i < s.length) out.push(s.slice(i));
  return out.join(' ');
}

/** The same number written the way people write it. */
export function formatPhone(rng: Rng, e164: string, country: CountryInfo, allowNational: boolean): string {
  const cc = e164.slice(1, e164.length - nationalLength(e164, country));
  const nat = e164.slice(1 + cc.length);
  const style = rng.int(allowNational ? 6 : 4);
  switch (style) {
    case 0:
      return e164;
    case 1:
      return `+${cc} ${groups(nat, [3, 3, 3, 3])}`;
    case 2:
      return `00${cc} ${groups(nat, [3, 2, 2, 2, 2])}`;
    case 3:
      return `+${cc}-${groups(nat, [3, 3, 4]).replace(/ /g, '-')}`;
    case 4:
      if (country.code === 'US') return `(${nat.slice(0, 3)}) ${nat.slice(3, 6)}-${nat.slice(6)}`;
      if (country.code === 'GB') return `0${nat.slice(0, 4)} ${nat.slice(4)}`;
      if (country.code === 'AR') return `+${cc} ${nat}`;
      return groups(nat, [3, 3, 3, 3]);
    default:
      if (country.code === 'AR' || country.code === 'GB') return `+${cc} ${nat}`;
      return nat;
  }
}

function nationalLength(e164: string, country: CountryInfo): number {
  const ccLen = { ES: 2, MX: 2, CO: 2, AR: 2, CL: 2, PE: 2, US: 1, GB: 2 }[country.code] ?? 2;
  return e164.length - 1 - ccLen;
}

export function typo(rng: Rng, s: string): string {
  if (s.length < 3) return s;
  const i = 1 + rng.int(s.length - 1);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  switch (rng.int(4)) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1); // deletion
    case 1:
      return s.slice(0, i) + rng.pick([...letters]) + s.slice(i); // insertion
    case 2:
      return s.slice(0, i) + rng.pick([...letters]) + s.slice(i + 1); // substitution
    default:
      return i < s.length - 1 ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i - 1) + s[i] + s[i - 1]; // transposition
  }
}

export function makeCompanyName(rng: Rng, c: CountryInfo): { name: string; core: string } {
  const invented = () => {
    let w = '';
    const n = 2 + rng.int(2);
    for (let i = 0; i < n; i++) w += rng.pick(SYL);
    return cap(w);
  };
  const sector = c.hispanic ? SECTOR_ES : SECTOR_EN;
  let core: string;
  switch (rng.int(6)) {
    case 0:
      core = `${stripAccents(rng.zipf(c.hispanic ? ES_SURNAMES : EN_SURNAMES)).replace(/'/g, '')} ${rng.pick(sector)}`;
      break;
    case 1:
      core = `${c.hispanic ? 'Grupo' : 'The'} ${invented()}`;
      break;
    case 2:
      core = `${invented()} ${rng.pick(sector)}`;
      break;
    case 3:
      core = `${rng.zipf(c.hispanic ? ES_SURNAMES : EN_SURNAMES)} ${c.hispanic ? 'y' : '&'} ${rng.zipf(c.hispanic ? ES_SURNAMES : EN_SURNAMES)}`;
      break;
    default:
      core = invented();
  }
  return { name: `${core}${rng.chance(0.3) ? ',' : ''} ${rng.pick(c.forms)}`, core };
}

export function pickCountry(rng: Rng): CountryInfo {
  let u = rng.next();
  for (const c of COUNTRIES) {
    u -= c.share;
    if (u <= 0) return c;
  }
  return COUNTRIES[0]!;
}

export function makeCompanies(rng: Rng, n: number): Company[] {
  const out: Company[] = [];
  const usedDomains = new Set<string>();
  const usedPages = new Set<string>();
  for (let i = 0; i < n; i++) {
    const country = pickCountry(rng);
    let { name, core } = makeCompanyName(rng, country);
    // some companies share a name with one in another country (subsidiary or namesake)
    if (out.length > 10 && rng.chance(0.05)) {
      const other = out[rng.int(out.length)]!;
      core = other.core;
      name = `${core} ${rng.pick(country.forms)}`;
    }
    let domain = `${slug(core.replace(/^(The|Grupo) /, ''))}.${rng.pick(country.tlds)}`;
    while (usedDomains.has(domain)) domain = `${slug(core)}${rng.int(100)}.${rng.pick(country.tlds)}`;
    usedDomains.add(domain);
    const p = phoneDigits(rng, country);
    // company size: a few big companies with many contacts
    const size = rng.chance(0.02) ? 40 + rng.int(200) : rng.chance(0.2) ? 5 + rng.int(30) : 1 + rng.int(5);
    let linkedin = slug(core.replace(/^(The|Grupo) /, ''), '-');
    if (usedPages.has(linkedin)) linkedin = `${linkedin}-${country.code.toLowerCase()}`;
    while (usedPages.has(linkedin)) linkedin = `${linkedin}-${rng.int(100)}`;
    usedPages.add(linkedin);
    out.push({ name, core, domain, country, switchboard: `+${p.cc}${p.national}`, city: rng.pick(country.cities), linkedin, size });
  }
  return out;
}

export function weightedCompany(rng: Rng, companies: Company[], cumulative: number[]): Company {
  const total = cumulative[cumulative.length - 1]!;
  const u = rng.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return companies[lo]!;
}

function givenFor(rng: Rng, c: CountryInfo, female: boolean): string {
  if (c.hispanic) {
    if (rng.chance(0.22)) return rng.pick(female ? ES_COMPOUND_FEMALE : ES_COMPOUND_MALE);
    return rng.zipf(female ? ES_FEMALE : ES_MALE);
  }
  return rng.zipf(female ? EN_FEMALE : EN_MALE);
}

export function emailLocal(rng: Rng, given: string, f1: string, f2: string | undefined): string {
  const g = slug(given.split(' ')[0]!);
  const gAll = slug(given);
  const s = slug(f1);
  switch (rng.int(8)) {
    case 0:
      return `${g}.${s}`;
    case 1:
      return `${g[0]}${s}`;
    case 2:
      return `${g}${s[0]}`;
    case 3:
      return g;
    case 4:
      return `${gAll}.${s}`;
    case 5:
      return f2 ? `${g}.${s}.${slug(f2)}` : `${g}_${s}`;
    case 6:
      return `${s}.${g}`;
    default:
      return `${g[0]}${s}${f2 ? slug(f2)[0] : ''}`;
  }
}

/** E-mail addresses are unique: a second "jgarcia" at a company or at gmail.com gets a number. */
export function uniqueAddress(used: Set<string>, local: string, domain: string): string {
  // Gmail ignores dots: "jose.garcia" and "josegarcia" are one mailbox
  const key = (l: string) => `${domain === 'gmail.com' ? l.replace(/\./g, '') : l}@${domain}`;
  let candidate = local;
  for (let n = 2; used.has(key(candidate)); n++) candidate = `${local}${n}`;
  used.add(key(candidate));
  return `${candidate}@${domain}`;
}

export function makePerson(rng: Rng, entity: number, company: Company, used: Set<string>, namesake?: Person): Person {
  const country = rng.chance(0.85) ? company.country : pickCountry(rng);
  const female = rng.chance(0.5);
  let given = givenFor(rng, country, female);
  const surnames = country.hispanic ? ES_SURNAMES : EN_SURNAMES;
  let family1 = country.hispanic && rng.chance(0.03) ? rng.pick(ES_PARTICLE_SURNAMES) : rng.zipf(surnames);
  let family2 = country.hispanic ? rng.zipf(ES_SURNAMES) : undefined;
  if (namesake) {
    // same given name and first surname as someone else (a different person)
    given = namesake.given;
    family1 = namesake.family1;
    if (namesake.family2 && rng.chance(0.5)) family2 = rng.zipf(ES_SURNAMES);
  }
  if (!country.hispanic && rng.chance(0.05)) family1 = `${rng.zipf(EN_SURNAMES)}-${rng.zipf(EN_SURNAMES)}`;
  const local = emailLocal(rng, given, family1, family2);
  const handle = `${slug(given.split(' ')[0]!)}${rng.pick(['.', '', '_'])}${slug(family1)}${rng.chance(0.5) ? String(rng.int(1000)) : ''}`;
  const provider = rng.pick(['gmail.com', 'gmail.com', 'gmail.com', 'hotmail.com', 'hotmail.es', 'yahoo.com', 'outlook.com', country.code === 'MX' ? 'yahoo.com.mx' : 'gmail.com']);
  const p = phoneDigits(rng, country);
  const vanityBase = slug(`${given} ${family1}${family2 && rng.chance(0.4) ? ` ${family2}` : ''}`, '-');
  const linkedin = rng.chance(0.7)
    ? rng.chance(0.6)
      ? `${vanityBase}-${rng.int(0xffffff).toString(16).padStart(6, '0')}`
      : rng.chance(0.5)
        ? `${vanityBase}${rng.int(100)}`
        : `${slug(given)}${slug(family1)}${rng.int(10000)}`
    : undefined;
  return {
    entity,
    country,
    given,
    family1,
    family2,
    company,
    workEmail: uniqueAddress(used, local, company.domain),
    personalEmail: uniqueAddress(used, handle, provider),
    mobile: `+${p.cc}${p.national}`,
    linkedin,
    city: country === company.country && rng.chance(0.7) ? company.city : rng.pick(country.cities),
    title: rng.pick(TITLES),
    female,
  };
}

function nicknameOf(rng: Rng, given: string, country: CountryInfo): string | undefined {
  const key = given === 'Daniel' && !country.hispanic ? 'Daniel_en' : given;
  const own = NICKNAMES[key];
  if (own && rng.chance(0.7)) return rng.pick(own);
  // "María Dolores" goes by "Lola" or "Dolores", "María del Carmen" by "Carmen"
  const parts = given.replace(/ de(l| la| los)? /, ' ').split(' ');
  if (parts.length === 2 && /^(María|José|Juan|Ana)$/.test(parts[0]!)) {
    const second = parts[1]!;
    const list = NICKNAMES[second];
    return list && rng.chance(0.5) ? rng.pick(list) : second;
  }
  if (own) return rng.pick(own);
  const first = NICKNAMES[given.split(' ')[0]!];
  return first ? rng.pick(first) : undefined;
}

export function linkedinUrl(rng: Rng, vanity: string, c: CountryInfo): string {
  const host = rng.chance(0.5) ? 'www' : c.host;
  const tail = rng.pick(['', '/', '/', '?originalSubdomain=' + c.code.toLowerCase(), '/en', '/details/experience/']);
  const v = rng.chance(0.1) ? vanity.toUpperCase() : vanity;
  return `${rng.chance(0.85) ? 'https://' : ''}${host}.linkedin.com/in/${v}${tail}`;
}

export function companyAsTyped(rng: Rng, company: Company): string {
  switch (rng.int(6)) {
    case 0:
      return company.core;
    case 1:
      return company.name.toUpperCase();
    case 2:
      return stripAccents(company.core).toLowerCase();
    case 3:
      return `${company.core} ${rng.pick(company.country.forms)}`;
    default:
      return company.name;
  }
}

function gmailVariant(rng: Rng, email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  if (domain !== 'gmail.com') return rng.chance(0.3) ? email.toUpperCase() : email;
  switch (rng.int(4)) {
    case 0:
      return `${local.replace(/\./g, '')}@${domain}`;
    case 1: {
      const i = 1 + rng.int(Math.max(1, local.length - 1));
      return `${local.slice(0, i)}.${local.slice(i)}@${domain}`;
    }
    case 2:
      return `${local}+${rng.pick(['crm', 'news', 'webinar', 'promo'])}@${domain}`;
    default:
      return `${cap(local)}@${rng.chance(0.3) ? 'googlemail.com' : domain}`;
  }
}

export type Source = 'crm' | 'form' | 'linkedin' | 'import' | 'othercrm' | 'jobchange';

export function recordFor(
  rng: Rng,
  person: Person,
  source: Source,
  id: string,
  companies: Company[],
  cumulative: number[],
  used: Set<string>,
): MatchRecord {
  const c = person.country;
  let given = person.given;
  let family1 = person.family1;
  let family2 = person.family2;
  let company = person.company;
  let workEmail = person.workEmail;
  const rec: MatchRecord = { id, kind: 'person' };

  if (source === 'jobchange') {
    company = weightedCompany(rng, companies, cumulative);
    workEmail = uniqueAddress(used, emailLocal(rng, given, family1, family2), company.domain);
  }
  // name variations
  if (source !== 'crm') {
    if (rng.chance(0.15)) given = nicknameOf(rng, given, c) ?? given;
    if (family2 && rng.chance(source === 'linkedin' ? 0.6 : 0.45)) family2 = undefined;
    if (rng.chance(0.35)) {
      given = stripAccents(given);
      family1 = stripAccents(family1);
      family2 = family2 && stripAccents(family2);
    }
    if (rng.chance(0.08)) {
      if (rng.chance(0.5)) given = typo(rng, given);
      else family1 = typo(rng, family1);
    }
    if (source === 'form' && rng.chance(0.2)) {
      given = given.toLowerCase();
      family1 = family1.toLowerCase();
      family2 = family2?.toLowerCase();
    }
    if (source === 'import' && rng.chance(0.2)) {
      given = given.toUpperCase();
      family1 = family1.toUpperCase();
      family2 = family2?.toUpperCase();
    }
    if (source === 'othercrm' && rng.chance(0.2)) given = `${given[0]}.`;
  } else if (family2 && rng.chance(0.15)) family2 = undefined;
  const family = family2 ? `${family1} ${rng.chance(0.1) ? '-' : ''}${family2}`.replace(' -', '-') : family1;

  switch (source) {
    case 'linkedin': {
      let full = `${given} ${family}`;
      if (rng.chance(0.1)) full += rng.pick([', MBA', ' | CEO', ' (she/her)', ', PhD', ' 🚀']);
      rec.fullName = full;
      if (person.linkedin && rng.chance(0.9)) rec.linkedinUrl = linkedinUrl(rng, person.linkedin, c);
      if (rng.chance(0.85)) rec.companyName = rng.chance(0.6) ? company.core : company.name;
      if (rng.chance(0.6)) rec.city = person.city;
      return rec;
    }
    case 'import':
      if (rng.chance(0.3)) rec.fullName = `${family}, ${given}`;
      else if (rng.chance(0.05)) {
        rec.givenName = family;
        rec.familyName = given;
      } else {
        rec.givenName = given;
        rec.familyName = family;
      }
      break;
    default:
      if (rng.chance(0.04)) {
        rec.givenName = family; // swapped fields
        rec.familyName = given;
      } else if (rng.chance(0.1)) rec.fullName = `${given} ${family}`;
      else {
        rec.givenName = given;
        rec.familyName = family;
      }
  }

  const emails: string[] = [];
  const phones: string[] = [];
  const national = rng.chance(0.8);
  if (source === 'crm' || source === 'othercrm' || source === 'import' || source === 'jobchange') {
    if (rng.chance(0.92)) emails.push(rng.chance(0.15) ? workEmail.toUpperCase() : workEmail);
    if (source !== 'jobchange' && rng.chance(0.15)) emails.push(gmailVariant(rng, person.personalEmail));
    if (source === 'jobchange' && rng.chance(0.35)) emails.push(person.personalEmail);
    if (rng.chance(source === 'jobchange' ? 0.75 : 0.7)) phones.push(formatPhone(rng, person.mobile, c, national));
    if (rng.chance(0.12)) phones.push(formatPhone(rng, company.switchboard, company.country, national));
    if (rng.chance(0.5)) rec.companyDomain = rng.pick([company.domain, `www.${company.domain}`, `https://www.${company.domain}/`, `http://${company.domain}`]);
    if (source === 'jobchange' && person.linkedin && rng.chance(0.6)) rec.linkedinUrl = linkedinUrl(rng, person.linkedin, c);
    else if (person.linkedin && rng.chance(0.35)) rec.linkedinUrl = linkedinUrl(rng, person.linkedin, c);
  } else {
    // web form: one address, often personal; phone typed freely; sometimes the company's info@
    if (rng.chance(0.05)) emails.push(`${rng.pick(['info', 'contacto', 'ventas', 'hola'])}@${company.domain}`);
    else emails.push(rng.chance(0.55) ? workEmail : gmailVariant(rng, person.personalEmail));
    if (rng.chance(0.6)) phones.push(rng.chance(0.15) ? formatPhone(rng, company.switchboard, company.country, national) : formatPhone(rng, person.mobile, c, national));
  }
  if (emails.length) rec.emails = emails;
  if (phones.length) rec.phones = phones;
  if (source === 'form' ? rng.chance(0.8) : rng.chance(0.95)) rec.companyName = companyAsTyped(rng, company);
  if (rng.chance(0.6)) rec.city = person.city;
  if (national || rng.chance(0.7)) rec.country = rng.chance(0.7) ? c.code : ({ ES: 'España', MX: 'México', CO: 'Colombia', AR: 'Argentina', CL: 'Chile', PE: 'Perú', US: 'United States', GB: 'United Kingdom' }[c.code] ?? c.code);
  if (rng.chance(0.5)) rec.title = person.title;
  return rec;
}

export interface CrmSetOptions {
  seed?: number;
  /** distinct people (default 13,000, which gives about 21,000 records) */
  people?: number;
  /** companies (default people / 6) */
  companies?: number;
}

/**
 * Call `emit` for every record of a generated CRM contact set, in a shuffled-looking but
 * deterministic order, with the person (entity) it belongs to. Streams: nothing is kept, so a
 * million records need little memory.
 */
export function forEachCrmContact(options: CrmSetOptions, emit: (record: MatchRecord, entity: number) => void): void {
  const rng = new Rng(mulberry32(options.seed ?? BENCHMARK_SEED));
  const nPeople = options.people ?? 13_000;
  const companies = makeCompanies(rng, options.companies ?? Math.max(20, Math.round(nPeople / 6)));
  const cumulative: number[] = [];
  let acc = 0;
  for (const c of companies) cumulative.push((acc += c.size));
  let recordNo = 0;
  const recent: Person[] = [];
  const used = new Set<string>();
  for (let e = 0; e < nPeople; e++) {
    // 3 % are namesakes of an earlier person: a different person with the same name
    const namesake = recent.length && rng.chance(0.03) ? recent[rng.int(recent.length)] : undefined;
    // … in 30 % of those cases at the same company
    const company = namesake && rng.chance(0.3) ? namesake.company : weightedCompany(rng, companies, cumulative);
    const person = makePerson(rng, e, company, used, namesake);
    if (recent.length < 2000) recent.push(person);
    else recent[rng.int(recent.length)] = person;
    const u = rng.next();
    const copies = u < 0.58 ? 0 : u < 0.84 ? 1 : u < 0.95 ? 2 : 3;
    emit(recordFor(rng, person, 'crm', `c${recordNo++}`, companies, cumulative, used), e);
    for (let k = 0; k < copies; k++) {
      const v = rng.next();
      const source: Source = v < 0.3 ? 'form' : v < 0.55 ? 'linkedin' : v < 0.72 ? 'import' : v < 0.9 ? 'othercrm' : 'jobchange';
      emit(recordFor(rng, person, source, `c${recordNo++}`, companies, cumulative, used), e);
    }
  }
}

export interface GeneratedSet {
  records: MatchRecord[];
  /** entity of each record: the same value means the same person */
  entity: number[];
}

/** The generated CRM contact set in memory (the benchmark's ≥ 20,000 records by default). */
export function generateCrmContacts(options: CrmSetOptions = {}): GeneratedSet {
  const records: MatchRecord[] = [];
  const entity: number[] = [];
  forEachCrmContact(options, (r, e) => {
    records.push(r);
    entity.push(e);
  });
  return { records, entity };
}

/**
 * A generated account (company) set: each company once from the CRM and sometimes again from an
 * import, a LinkedIn company page or a form, with the name as typed (legal form or not, case,
 * "&"/"y"/"and", "The"), the website in another form (www., https://, a subdomain, a path) and
 * companies of the same name in other countries as hard negatives.
 */
export function generateCrmAccounts(options: { seed?: number; companies?: number } = {}): GeneratedSet {
  const rng = new Rng(mulberry32((options.seed ?? BENCHMARK_SEED) + 1));
  const companies = makeCompanies(rng, options.companies ?? 5000);
  const records: MatchRecord[] = [];
  const entity: number[] = [];
  companies.forEach((company, e) => {
    const u = rng.next();
    const copies = u < 0.55 ? 0 : u < 0.85 ? 1 : u < 0.96 ? 2 : 3;
    const slugCore = company.linkedin;
    for (let k = 0; k <= copies; k++) {
      const rec: MatchRecord = { id: `a${records.length}`, kind: 'account' };
      let name = k === 0 ? company.name : companyAsTyped(rng, company);
      if (k > 0 && rng.chance(0.15)) name = name.replace(/ y /g, ' & ').replace(/ & /g, rng.chance(0.5) ? ' and ' : ' y ');
      if (k > 0 && rng.chance(0.07)) name = typo(rng, name);
      rec.companyName = name;
      if (k === 0 ? rng.chance(0.9) : rng.chance(0.6)) {
        rec.companyDomain = rng.pick([
          company.domain,
          `www.${company.domain}`,
          `https://www.${company.domain}/`,
          `http://${company.domain}/es/contacto`,
          `https://${rng.pick(['shop', 'blog', 'ventas', 'app'])}.${company.domain}`,
        ]);
      }
      if (rng.chance(0.4)) rec.linkedinUrl = `https://${rng.pick(['www', company.country.host])}.linkedin.com/company/${slugCore}${rng.pick(['', '/', '/about/', '/people/'])}`;
      if (rng.chance(0.5)) rec.phones = [formatPhone(rng, company.switchboard, company.country, true)];
      if (rng.chance(0.8)) rec.country = company.country.code;
      if (rng.chance(0.5)) rec.city = rng.chance(0.9) ? company.city : rng.pick(company.country.cities);
      records.push(rec);
      entity.push(e);
    }
  });
  return { records, entity };
}

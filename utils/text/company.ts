// Company names for matching (pure): words, legal forms, abbreviations, where a company is.
import { foldText, wordsOf } from './fold';
import { domainKey } from './keys';
import { isFreeMailDomain } from './email';

// Legal forms, in the compact form produced by companyWords (runs of single letters joined:
// "S. A. de C. V." → "sa de cv"). Removed from the end of a name, repeatedly.
const LEGAL_FORMS = [
  'sa de cv', 'sab de cv', 'sapi de cv', 's de rl de cv', 's de rl', 'sc de rl', 'sa', 'sau', 'sl', 'slu', 'sll', 'slne',
  'sas', 'sasu', 'sac', 'saa', 'srl', 'sa de sa', 'spa', 'sca', 's en c', 'sc', 'scp', 'scl', 'sccl', 'coop', 's coop',
  'aie', 'cb', 'eirl', 'eireli', 'ltda', 'ltda me', 'me', 'epp', 'cia', 'compania', 'company', 'co', 'cia ltda',
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'pllc', 'pc', 'ltd', 'limited', 'plc', 'corp', 'corporation',
  'gmbh', 'gmbh co kg', 'kg', 'ag', 'ohg', 'ug', 'bv', 'nv', 'sarl', 'sprl', 'oy', 'ab', 'as', 'asa', 'aps',
  'pty', 'pty ltd', 'srl', 'sro', 'kft', 'zrt', 'ooo', 'se', 'lda', 'sociedad anonima', 'sociedad limitada',
  'sociedad anonima de capital variable', 'sociedad por acciones simplificada', 'sociedad de responsabilidad limitada',
  'sociedad anonima cerrada', 'sociedad comanditaria', 'sa de cv sofom enr', 'sofom', 'enr', 'holding',
].map((f) => f.split(' '));
LEGAL_FORMS.sort((a, b) => b.length - a.length);
const ARTICLES = new Set(['the', 'el', 'la', 'los', 'las']);
const CONNECTORS = new Set(['and', 'y', 'und', 'et']);
// Words too common in company names to say which company it is.
const GENERIC_COMPANY_WORDS = new Set(
  ('grupo group holding holdings international internacional global solutions soluciones servicios services ' +
    'consulting consultores consultoria consultants tecnologia tecnologias technologies technology tech systems ' +
    'sistemas industries industrias spain espana mexico iberia iberica latam latinoamerica america americas ' +
    'europe europa de del the of la el los las y and company compania corporacion corporation partners asociados ' +
    'associates enterprises empresas labs digital software corporativo network networks logistica logistics ' +
    'ingenieria engineering capital inversiones investments seguros insurance energia energy media ' +
    'comunicacion communications distribuciones distribution').split(' '),
);

// Abbreviations people type in company names, read as the word: "Transps. López Hnos." is
// "Transportes López Hermanos", "Cía." is "Compañía", "Int'l" is "International".
const COMPANY_ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  hnos: 'hermanos', hmnos: 'hermanos', hno: 'hermano', bros: 'brothers', cia: 'compania',
  transps: 'transportes', transp: 'transportes', transpts: 'transportes', intl: 'international',
  inds: 'industrias', ind: 'industrias', indust: 'industrias', construcc: 'construcciones', constr: 'construcciones',
  distrib: 'distribuidora', servs: 'servicios', serv: 'servicios', tecnol: 'tecnologia',
  ing: 'ingenieria', mfg: 'manufacturing', assoc: 'associates', natl: 'national', comerc: 'comercial',
}));

/** The words of a company name: folded, "&" read as "and", single letters joined ("S.A." → "sa"). */
function companyWords(name: string): string[] {
  return joinLetters(
    foldText(name)
      .replace(/['’`´]/g, '')
      .replace(/&/g, ' and ')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
}

/** Runs of one-character words joined into one word: ["s", "a", "de", "c", "v"] → ["sa", "de", "cv"]. */
function joinLetters(raw: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const w of raw) {
    if (w.length === 1) run += w;
    else {
      if (run) out.push(run);
      run = '';
      out.push(w);
    }
  }
  if (run) out.push(run);
  return out;
}

function endsWith(words: string[], form: string[]): boolean {
  if (form.length >= words.length) return false;
  for (let i = 0; i < form.length; i++) if (words[words.length - form.length + i] !== form[i]) return false;
  return true;
}

/**
 * Company name as words, without legal forms, articles, "&"/"and"/"y": "The Acme & Co., S.A. de
 * C.V." → ["acme"]. With `expand`, abbreviations are read as their words first ("Transps. López
 * Hnos." → ["transportes", "lopez", "hermanos"]); companyKey, a store key, does not expand.
 */
export function companyTokens(name: string, expand = false): string[] {
  let words = companyWords(name);
  if (expand) words = words.map((w) => COMPANY_ABBREVIATIONS.get(w) ?? w);
  words = words.filter((w, i) => !(CONNECTORS.has(w) && i > 0 && i < words.length - 1));
  // trailing "and co" / "y cia" leave a connector behind
  let changed = true;
  while (changed) {
    changed = false;
    for (const form of LEGAL_FORMS) {
      if (endsWith(words, form)) {
        words = words.slice(0, words.length - form.length);
        changed = true;
        break;
      }
    }
    const last = words[words.length - 1];
    if (words.length > 1 && last && CONNECTORS.has(last)) {
      words = words.slice(0, -1);
      changed = true;
    }
  }
  if (words.length > 1 && ARTICLES.has(words[0]!)) words = words.slice(1);
  if (words.length > 1 && words[0] === 'and') words = words.slice(1);
  // removing a connector can leave single letters side by side ("A & 0"): join them as the
  // next reading would, so that companyKey(companyKey(x)) === companyKey(x)
  return joinLetters(words);
}

// Legal forms that name the same kind of company, as people write them interchangeably: "S.A.U."
// is an S.A. with one shareholder, "Inc." and "Corp." are both corporations.
const FORM_FAMILY: Record<string, string> = {
  sau: 'sa', 'sociedad anonima': 'sa', slu: 'sl', sll: 'sl', slne: 'sl', 'sociedad limitada': 'sl',
  'sab de cv': 'sa de cv', 'sociedad anonima de capital variable': 'sa de cv', 'sa de cv sofom enr': 'sa de cv',
  's de rl': 's de rl de cv', sasu: 'sas', 'sociedad por acciones simplificada': 'sas', 'sociedad anonima cerrada': 'sac',
  'cia ltda': 'ltda', 'ltda me': 'ltda', incorporated: 'inc', corp: 'inc', corporation: 'inc', limited: 'ltd', 'pty ltd': 'pty',
};
// Words that LEGAL_FORMS removes but that are not a legal form of their own ("& Co.", "Holding").
const NOT_A_FORM = new Set(['cia', 'compania', 'company', 'co', 'holding']);

/**
 * The legal form a company name ends with, as the kind of company it names: "Acme, S.A.U." → "sa",
 * "ACME SA DE CV" → "sa de cv", "Acme Corp." → "inc"; undefined when the name has none. Two
 * records of one company usually agree; "Acme S.A." and "Acme S.L." are two companies more often.
 */
export function legalForm(name: string): string | undefined {
  const words = companyWords(name);
  for (const form of LEGAL_FORMS) {
    if (!endsWith(words, form)) continue;
    const f = form.join(' ');
    return NOT_A_FORM.has(f) ? undefined : (FORM_FAMILY[f] ?? f);
  }
  return undefined;
}

/** Company name without legal form or punctuation: "Iberia Logística, S.L." → "iberia logistica". */
export function companyKey(name: string): string {
  return companyTokens(name).join(' ');
}

/** Words that name a group of companies rather than one: "Grupo Sigma", "Sigma Group". */
const GROUP_WORDS = new Set(['grupo', 'group', 'holding', 'holdings', 'corporativo', 'conglomerado']);

export function isGroupWord(word: string): boolean {
  return GROUP_WORDS.has(word);
}

/** A generic word of a company name: a sector, a place, "global" (see companyCoreTokens). */
export function isGenericCompanyWord(word: string): boolean {
  return GENERIC_COMPANY_WORDS.has(word) || COUNTRY_WORDS.has(word);
}

const COUNTRY_WORDS = new Set(
  'peru colombia chile argentina venezuela ecuador uruguay paraguay bolivia usa us uk brasil brazil portugal francia france canada caribe centroamerica andina'.split(' '),
);

/** The words of a company key that tell companies apart (not "grupo", "solutions", "spain" …). */
export function companyCoreTokens(tokens: readonly string[]): string[] {
  const core = tokens.filter((t) => !GENERIC_COMPANY_WORDS.has(t) && !COUNTRY_WORDS.has(t) && t.length > 1);
  return core.length ? core : [...tokens];
}

// ---------------------------------------------------------------------------------------------
// Where a company is: its legal form, its website's country ending, its city

// Legal forms that belong to few countries (the compact words companyWords makes). "S.A." and
// the like, used everywhere, say nothing.
const FORM_COUNTRIES: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/ (?:sa|sab|sapi|s) de (?:cv|rl de cv)$/, ['MX']],
  [/ (?:sl|slu|sau|sll|slne)$/, ['ES']],
  [/ (?:sac|saa)$/, ['PE']],
  [/ eirl$/, ['PE', 'CL']],
  [/ sas$/, ['CO', 'AR', 'FR']],
  [/ spa$/, ['CL', 'IT']],
  [/ ltda$/, ['CO', 'CL', 'BR']],
  [/ srl$/, ['AR', 'PE', 'IT']],
  [/ (?:inc|llc|corp|incorporated)$/, ['US', 'CA']],
  [/ (?:ltd|plc|limited)$/, ['GB', 'IE', 'AU', 'NZ']],
];

// Country endings of websites (generic endings such as .com say nothing).
const TLD_COUNTRIES: Record<string, string> = {
  es: 'ES', mx: 'MX', co: 'CO', ar: 'AR', cl: 'CL', pe: 'PE', uk: 'GB', us: 'US', fr: 'FR', de: 'DE', it: 'IT', pt: 'PT',
  br: 'BR', ve: 'VE', ec: 'EC', uy: 'UY', py: 'PY', bo: 'BO', cr: 'CR', pa: 'PA', gt: 'GT', do: 'DO', ie: 'IE',
};

// Cities that name one country (not Valencia, Córdoba, Santiago, Mérida, Trujillo …, found in several).
const CITY_COUNTRIES: Record<string, string> = {
  madrid: 'ES', barcelona: 'ES', sevilla: 'ES', bilbao: 'ES', malaga: 'ES', zaragoza: 'ES', acoruna: 'ES', valladolid: 'ES', alicante: 'ES',
  ciudaddemexico: 'MX', cdmx: 'MX', guadalajara: 'MX', monterrey: 'MX', puebla: 'MX', queretaro: 'MX',
  bogota: 'CO', medellin: 'CO', cali: 'CO', barranquilla: 'CO', buenosaires: 'AR', rosario: 'AR',
  valparaiso: 'CL', lima: 'PE', arequipa: 'PE', newyork: 'US', sanfrancisco: 'US', miami: 'US', austin: 'US', chicago: 'US',
  houston: 'US', london: 'GB', londres: 'GB', manchester: 'GB', edinburgh: 'GB', bristol: 'GB',
};

/**
 * The countries a company record can be in, from what it says without saying it: the legal form
 * ("S.A. de C.V." → Mexico, "S.L." → Spain, "LLC" → the US), the website's country ending
 * (".com.co" → Colombia) and a city found in one country only. undefined when nothing tells.
 */
export function impliedCountries(name: string | undefined, domain: string | undefined, city: string | undefined): string[] | undefined {
  const out: string[] = [];
  const add = (codes: readonly string[]) => {
    if (!out.length) out.push(...codes);
    else for (let i = out.length - 1; i >= 0; i--) if (!codes.includes(out[i]!)) out.splice(i, 1);
  };
  if (name) {
    const words = ` ${companyWords(name).join(' ')}`;
    const form = FORM_COUNTRIES.find(([re]) => re.test(words));
    if (form) add(form[1]);
  }
  if (domain) {
    const tld = TLD_COUNTRIES[domain.slice(domain.lastIndexOf('.') + 1)];
    if (tld) add([tld]);
  }
  if (city) {
    const c = CITY_COUNTRIES[wordsOf(city).join('')];
    if (c) add([c]);
  }
  // sources that disagree leave nothing to go on
  return out.length ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Domains

const SECOND_LEVEL = /\.(?:com|co|org|net|gob|gov|edu|ac|nom|mil|ltd|plc|or|ne|go|gv|int|web|info|biz)\.[a-z]{2}$/;

/** The registrable part of a host: "ventas.acme.com.mx" → "acme.com.mx", "mail.acme.es" → "acme.es". */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const keep = SECOND_LEVEL.test(`.${labels.slice(-3).join('.')}`) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * A company's domain from a website URL, a bare domain or an e-mail address: registrable part
 * only (no www., no subdomains), undefined for free-mail providers (gmail.com, hotmail.es …).
 */
export function companyDomainKey(value: string): string | undefined {
  let v = value.trim().toLowerCase();
  if (!v) return undefined;
  const at = v.lastIndexOf('@');
  if (at >= 0) v = v.slice(at + 1);
  // most values are plain domains or simple URLs: read the host without the URL parser
  const simple = /^(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\.?(?:[:/?#]|$)/.exec(v);
  const host = simple ? simple[1] : domainKey(v);
  if (!host || !host.includes('.') || /^[\d.]+$/.test(host)) return undefined;
  const reg = registrableDomain(host);
  return isFreeMailDomain(reg) || isFreeMailDomain(host) ? undefined : reg;
}

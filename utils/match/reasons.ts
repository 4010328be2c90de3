// Why two records match, in words: each comparator that counted leaves a reason code (with its
// weight in bits and an optional similarity); render them in English or Spanish. For people, in
// words only — the match probability is the one number they read: "similar name (second surname
// missing) · same company domain", "nombre parecido (falta el segundo apellido) · mismo dominio de
// empresa". For the dedupe CLI's CSV, the detailed form keeps each comparator's similarity:
// "name 0.94 (second surname missing) + same company domain".

import type { Relation } from './compare';

export type ReasonCode =
  | 'same-email'
  | 'email-typo'
  | 'different-extension'
  | 'surname-changed'
  | 'different-generation'
  | 'same-title'
  | 'different-title'
  | 'job-change'
  | 'same-domain-name'
  | 'related-company'
  | 'different-legal-form'
  | 'different-given-name'
  | 'same-role-email'
  | 'same-email-user'
  | 'different-email'
  | 'same-phone'
  | 'shared-phone'
  | 'different-phone'
  | 'same-linkedin'
  | 'different-linkedin'
  | 'same-name'
  | 'name'
  | 'nickname'
  | 'initials'
  | 'surname-dropped'
  | 'second-name-dropped'
  | 'swapped-names'
  | 'different-name'
  | 'different-second-surname'
  | 'same-company'
  | 'same-company-domain'
  | 'similar-company'
  | 'different-company'
  | 'same-birth-date'
  | 'similar-birth-date'
  | 'different-birth-date'
  | 'same-id'
  | 'similar-id'
  | 'different-id'
  | 'same-address'
  | 'similar-address'
  | 'different-address'
  | 'same-postcode'
  | 'different-postcode'
  | 'same-city'
  | 'different-city'
  | 'same-country'
  | 'different-country'
  | 'same-domain'
  | 'different-domain'
  | 'same-company-name'
  | 'similar-company-name'
  | 'different-company-name';

export interface Reason {
  code: ReasonCode;
  /** contribution to the score, in bits */
  weight: number;
  /** similarity 0…1, for the detailed form's "name 0.94" */
  sim?: number;
  /** job-change: the company before and after; different-generation: each record's marker */
  from?: string;
  to?: string;
  /** related-company: what the other company is to this one */
  relation?: Relation;
}

export type Lang = 'en' | 'es';

/** The detailed form's words: a code with a similarity is followed by it ("name 0.94"). */
const TEXT: Record<ReasonCode, { en: string; es: string }> = {
  'same-email': { en: 'same e-mail', es: 'mismo e-mail' },
  'email-typo': { en: 'e-mail with a typo', es: 'e-mail con una errata' },
  'different-extension': { en: 'same switchboard, another extension', es: 'misma centralita, otra extensión' },
  'surname-changed': { en: 'new surname', es: 'apellido nuevo' },
  'different-generation': { en: 'different person', es: 'otra persona' },
  'same-title': { en: 'same job title', es: 'mismo cargo' },
  'different-title': { en: 'different job title', es: 'otro cargo' },
  'job-change': { en: 'new employer', es: 'nueva empresa' },
  'same-domain-name': { en: 'same domain name, another ending', es: 'mismo dominio con otra terminación' },
  'related-company': { en: 'same group, not the same company', es: 'mismo grupo, no la misma empresa' },
  'different-legal-form': { en: 'different legal form', es: 'otra forma jurídica' },
  'different-given-name': { en: 'another first name: a relative?', es: 'otro nombre de pila: ¿un familiar?' },
  'same-role-email': { en: 'same shared mailbox', es: 'mismo buzón compartido' },
  'same-email-user': { en: 'same e-mail user', es: 'mismo usuario de e-mail' },
  'different-email': { en: 'different e-mail', es: 'e-mail distinto' },
  'same-phone': { en: 'same phone', es: 'mismo teléfono' },
  'shared-phone': { en: 'shared phone', es: 'teléfono compartido' },
  'different-phone': { en: 'different phone', es: 'teléfono distinto' },
  'same-linkedin': { en: 'same LinkedIn profile', es: 'mismo perfil de LinkedIn' },
  'different-linkedin': { en: 'different LinkedIn profile', es: 'perfil de LinkedIn distinto' },
  'same-name': { en: 'same name', es: 'mismo nombre' },
  name: { en: 'name', es: 'nombre' },
  nickname: { en: 'nickname', es: 'hipocorístico' },
  initials: { en: 'initials', es: 'iniciales' },
  'surname-dropped': { en: 'second surname missing', es: 'falta el segundo apellido' },
  'second-name-dropped': { en: 'second given name missing', es: 'falta el segundo nombre' },
  'swapped-names': { en: 'first and last name swapped', es: 'nombre y apellido invertidos' },
  'different-name': { en: 'different name', es: 'nombre distinto' },
  'different-second-surname': { en: 'different second surname', es: 'segundo apellido distinto' },
  'same-company': { en: 'same company', es: 'misma empresa' },
  'same-company-domain': { en: 'same company domain', es: 'mismo dominio de empresa' },
  'similar-company': { en: 'similar company', es: 'empresa parecida' },
  'different-company': { en: 'different company', es: 'empresa distinta' },
  'same-birth-date': { en: 'same date of birth', es: 'misma fecha de nacimiento' },
  'similar-birth-date': { en: 'similar date of birth', es: 'fecha de nacimiento parecida' },
  'different-birth-date': { en: 'different date of birth', es: 'fecha de nacimiento distinta' },
  'same-id': { en: 'same ID number', es: 'mismo documento' },
  'similar-id': { en: 'similar ID number', es: 'documento parecido' },
  'different-id': { en: 'different ID number', es: 'documento distinto' },
  'same-address': { en: 'same address', es: 'misma dirección' },
  'similar-address': { en: 'similar address', es: 'dirección parecida' },
  'different-address': { en: 'different address', es: 'dirección distinta' },
  'same-postcode': { en: 'same postcode', es: 'mismo código postal' },
  'different-postcode': { en: 'different postcode', es: 'código postal distinto' },
  'same-city': { en: 'same city', es: 'misma ciudad' },
  'different-city': { en: 'different city', es: 'ciudad distinta' },
  'same-country': { en: 'same country', es: 'mismo país' },
  'different-country': { en: 'different country', es: 'país distinto' },
  'same-domain': { en: 'same domain', es: 'mismo dominio' },
  'different-domain': { en: 'different domain', es: 'dominio distinto' },
  'same-company-name': { en: 'same company name', es: 'mismo nombre de empresa' },
  'similar-company-name': { en: 'company name', es: 'nombre de empresa' },
  'different-company-name': { en: 'different company name', es: 'nombre de empresa distinto' },
};

/** Where the detailed form leans on the number ("name 0.94"), the words say it instead. */
const WORDS: Partial<Record<ReasonCode, { en: string; es: string }>> = {
  name: { en: 'similar name', es: 'nombre parecido' },
  'similar-company-name': { en: 'similar company name', es: 'nombre de empresa parecido' },
};

function formatSim(sim: number, lang: Lang): string {
  const s = (Math.floor(sim * 100) / 100).toFixed(2);
  return lang === 'es' ? s.replace('.', ',') : s;
}

export type ReasonStyle = 'words' | 'detailed';

const GENERATION_WORDS: Record<string, { en: string; es: string }> = {
  jr: { en: 'Jr.', es: 'hijo' },
  sr: { en: 'Sr.', es: 'padre' },
  iii: { en: 'III', es: 'III' },
  iv: { en: 'IV', es: 'IV' },
};

const RELATION_WORDS: Record<Relation, { en: string; es: string }> = {
  parent: { en: 'same group: the parent company, not the same company', es: 'mismo grupo: la empresa matriz, no la misma empresa' },
  subsidiary: { en: 'same group: a subsidiary, not the same company', es: 'mismo grupo: una filial, no la misma empresa' },
  sibling: { en: 'same group: a sister company, not the same company', es: 'mismo grupo: una empresa hermana, no la misma' },
};

/** Phrases that name their evidence: "moved from X to Y", 'different person: "Jr."'. */
function withDetail(reason: Reason, lang: Lang): string | undefined {
  if (reason.code === 'job-change' && reason.from && reason.to) {
    return lang === 'es' ? `pasó de ${reason.from} a ${reason.to}` : `moved from ${reason.from} to ${reason.to}`;
  }
  if (reason.code === 'different-generation') {
    const marks = [reason.from, reason.to].filter((g): g is string => !!g).map((g) => GENERATION_WORDS[g]?.[lang] ?? g);
    const quoted = marks.map((m) => (lang === 'es' ? `«${m}»` : `"${m}"`)).join(' / ');
    return `${TEXT['different-generation'][lang]}: ${quoted}`;
  }
  if (reason.code === 'related-company' && reason.relation) return RELATION_WORDS[reason.relation][lang];
  return undefined;
}

/** One reason as a short phrase: "similar name", "mismo e-mail"; detailed: "name 0.94". */
export function renderReason(reason: Reason, lang: Lang = 'en', style: ReasonStyle = 'words'): string {
  const detail = withDetail(reason, lang);
  if (detail) return detail;
  if (style === 'words') return (WORDS[reason.code] ?? TEXT[reason.code])[lang];
  const text = TEXT[reason.code][lang];
  return reason.sim !== undefined ? `${text} ${formatSim(reason.sim, lang)}` : text;
}

const NOTES: ReadonlySet<ReasonCode> = new Set(['nickname', 'initials', 'surname-dropped', 'second-name-dropped', 'swapped-names', 'surname-changed']);
/** Said whatever their weight: they explain the verdict ("moved from X to Y", "same group"). */
const ALWAYS: ReadonlySet<ReasonCode> = new Set(['job-change', 'related-company', 'different-generation', 'different-given-name']);

/**
 * Reasons as one line, strongest first, notes about the name in brackets after it. At most `max`
 * phrases besides the notes (default 4); reasons under half a bit are left out.
 */
function renderLine(reasons: readonly Reason[], lang: Lang, max: number, style: ReasonStyle): string {
  let out = '';
  let shown = 0;
  let notes: string[] = [];
  const flush = () => {
    if (notes.length) out += ` (${notes.join(', ')})`;
    notes = [];
  };
  for (const r of reasons) {
    if (NOTES.has(r.code)) {
      if (out) notes.push(renderReason(r, lang, style));
      continue;
    }
    if (!ALWAYS.has(r.code) && (Math.abs(r.weight) < 0.5 || shown >= max)) continue;
    flush();
    const phrase = renderReason(r, lang, style);
    // words: every phrase says for itself whether it is for or against ("different phone")
    out += !out ? phrase : style === 'words' ? ` · ${phrase}` : r.weight < 0 ? ` - ${phrase}` : ` + ${phrase}`;
    shown++;
  }
  flush();
  return out;
}

/**
 * Why two records match, for people: words only, no similarity figures, since the match
 * probability beside it is the one number to read. "same e-mail · similar name (nickname, second
 * surname missing) · same company domain · different phone".
 */
export function renderReasons(reasons: readonly Reason[], lang: Lang = 'en', max = 4): string {
  return renderLine(reasons, lang, max, 'words');
}

/**
 * The dedupe CLI's form, for people reviewing a CSV field by field: each similarity kept, positives
 * after "+", negatives after "-": "name 0.94 (nickname, second surname missing) + same company
 * domain - different phone". ASCII punctuation only, so the line survives Windows-1252 files.
 */
export function renderReasonsDetailed(reasons: readonly Reason[], lang: Lang = 'en', max = 4): string {
  return renderLine(reasons, lang, max, 'detailed');
}

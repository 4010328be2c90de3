// The words for the domain's values, in English and Spanish (vocabulary from DOMAIN.md).
import type { ActionCategory } from '../actions/actions';
import type { BantLetter, BudgetAnswerKind, NeedCategory, TimingHorizon } from '../qualification/bant';
import type { Bilingual } from '../bilingual';
import type { BantLetterStatus } from '../entities';
import type { ScoreBand } from '../qualification/scoring';
import type { QualificationStage } from '../qualification/stage';

export const LETTER_LABELS: Readonly<Record<BantLetter, Bilingual>> = {
  budget: { en: 'budget', es: 'presupuesto' },
  authority: { en: 'authority', es: 'autoridad' },
  need: { en: 'need', es: 'necesidad' },
  timing: { en: 'timing', es: 'plazo' },
};

/**
 * The key that picks each letter, as shown in the UI language: Spanish reps think "presupuesto", so
 * budget is P in Spanish and B in English. Every key here works in both languages.
 */
export const BANT_KEYS: Readonly<Record<BantLetter, Bilingual>> = {
  budget: { en: 'B', es: 'P' },
  authority: { en: 'A', es: 'A' },
  need: { en: 'N', es: 'N' },
  timing: { en: 'T', es: 'T' },
};

/** Spanish needs the article for the letter inside a sentence ("se descartó la necesidad"). */
export const LETTER_WITH_ARTICLE_ES: Readonly<Record<BantLetter, string>> = {
  budget: 'el presupuesto',
  authority: 'la autoridad',
  need: 'la necesidad',
  timing: 'el plazo',
};

export const STATUS_LABELS: Readonly<Record<BantLetterStatus, Bilingual>> = {
  unknown: { en: 'unknown', es: 'desconocido' },
  partial: { en: 'partial', es: 'parcial' },
  confirmed: { en: 'confirmed', es: 'confirmado' },
  negative: { en: 'negative', es: 'negativo' },
};

export const BUDGET_ANSWER_LABELS: Readonly<Record<BudgetAnswerKind, Bilingual>> = {
  approved: { en: 'approved', es: 'aprobado' },
  estimating: { en: 'being estimated', es: 'en estimación' },
  'business-case': { en: 'depends on approving a business case', es: 'depende de aprobar un caso de negocio' },
  none: { en: 'no budget', es: 'sin presupuesto' },
};

export const NEED_CATEGORY_LABELS: Readonly<Record<NeedCategory, Bilingual>> = {
  risk: { en: 'a risk to mitigate', es: 'un riesgo que mitigar' },
  compliance: { en: 'a regulation to comply with', es: 'una normativa que cumplir' },
  scale: { en: 'a need to scale', es: 'una necesidad de escalar' },
  efficiency: { en: 'efficiency', es: 'eficiencia' },
};

export const HORIZON_LABELS: Readonly<Record<TimingHorizon, Bilingual>> = {
  'this-quarter': { en: 'this quarter', es: 'este trimestre' },
  'next-quarter': { en: 'next quarter', es: 'el próximo trimestre' },
  later: { en: 'next year or later', es: 'el año que viene o más adelante' },
  'no-timeline': { en: 'no timeline', es: 'sin plazo' },
};

export const STAGE_LABELS: Readonly<Record<QualificationStage, Bilingual>> = {
  new: { en: 'New', es: 'Nuevo' },
  mql: { en: 'MQL', es: 'MQL' },
  sql: { en: 'SQL', es: 'SQL' },
  nurture: { en: 'Nurturing', es: 'En nutrición' },
  disqualified: { en: 'Disqualified', es: 'Descalificado' },
};

export const BAND_LABELS: Readonly<Record<ScoreBand, Bilingual>> = {
  cold: { en: 'Cold', es: 'Frío' },
  warm: { en: 'Warm', es: 'Templado' },
  mql: { en: 'MQL level', es: 'Nivel MQL' },
  sql: { en: 'SQL level', es: 'Nivel SQL' },
  hot: { en: 'Hot', es: 'Caliente' },
};

export const CATEGORY_LABELS: Readonly<Record<ActionCategory, Bilingual>> = {
  discovery: { en: 'Discovery', es: 'Descubrimiento' },
  multithread: { en: 'Buying committee', es: 'Comité de compra' },
  sla: { en: 'Response time', es: 'Tiempo de respuesta' },
  objection: { en: 'Objection', es: 'Objeción' },
  're-engage': { en: 'Re-engage', es: 'Reactivar' },
  hygiene: { en: 'Record hygiene', es: 'Calidad del registro' },
  nurture: { en: 'Nurturing', es: 'Nutrición' },
  duplicate: { en: 'Duplicate', es: 'Duplicado' },
  abm: { en: 'ABM', es: 'ABM' },
};

export { DISCOVERY_QUESTIONS } from '../qualification/discoveryBank';

/**
 * A BANT answer option's name as a CRM shows it in a picklist Dealside creates (capitalised:
 * "Being estimated", "En estimación"); the value itself when it is none of BANT's options.
 */
export function bantOptionLabel(value: string, locale: 'en' | 'es'): string {
  const words = (STATUS_LABELS as Record<string, Bilingual>)[value] ?? (BUDGET_ANSWER_LABELS as Record<string, Bilingual>)[value] ?? (NEED_CATEGORY_LABELS as Record<string, Bilingual>)[value] ?? (HORIZON_LABELS as Record<string, Bilingual>)[value];
  if (!words) return value;
  const text = words[locale];
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

// Qualification frameworks as data. BANT is where the texts behind Dealside start; enterprise teams
// qualify with MEDDICC or MEDDPICC, others with SPICED or CHAMP. A framework is an ordered list of
// elements; an element is a question about the deal that every framework asking it shares, so an
// answer is stored once under the element's id and survives a switch of framework (BANT's Budget is
// CHAMP's Money, BANT's Need is MEDDICC's Identify pain and CHAMP's Challenges, BANT's Timing is
// SPICED's Critical event). Each framework says, per element, its words, the key that opens it, the
// points it gives and which stage needs it. Statuses are BANT's scale (negative < unknown < partial
// < confirmed), so scoring and "a positive answer never lowers the score" carry over.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import type { Bilingual } from '../bilingual';
import type { BantLetter, TimingHorizon } from './bant';
import type { BantLetterStatus } from '../entities';

export const FRAMEWORK_IDS = ['bant', 'meddicc', 'meddpicc', 'spiced', 'champ'] as const;
export const frameworkIdSchema = lazySchema(() => z.enum(FRAMEWORK_IDS));
export type FrameworkId = z.infer<typeof frameworkIdSchema>;

/** Where answers are kept: BANT's four in the BANT record, the rest by element id. */
export const ELEMENT_IDS = [
  'budget',
  'authority',
  'need',
  'timing',
  'metrics',
  'decision-criteria',
  'decision-process',
  'paper-process',
  'champion',
  'competition',
  'situation',
] as const;
export const elementIdSchema = lazySchema(() => z.enum(ELEMENT_IDS));
export type ElementId = z.infer<typeof elementIdSchema>;
/** The elements with an answer of their own (not one of BANT's four letters). */
export type OwnElementId = Exclude<ElementId, BantLetter>;

const BANT_IDS: ReadonlySet<string> = new Set<BantLetter>(['budget', 'authority', 'need', 'timing']);
export const isBantElement = (id: ElementId): id is BantLetter => BANT_IDS.has(id);

/** One of the answers a rep picks with 5–8, and the status it implies. */
export type ElementOption = { id: string; label: Bilingual; status: Exclude<BantLetterStatus, 'unknown'> };

/**
 * The answers of the elements that are not BANT letters (BANT's keep their own editors: budget
 * answers, need categories, timing horizons, the economic buyer engaged).
 */
export const ELEMENT_OPTIONS: Readonly<Record<OwnElementId, readonly ElementOption[]>> = {
  metrics: [
    { id: 'quantified', status: 'confirmed', label: { en: 'Gain quantified', es: 'Beneficio cuantificado' } },
    { id: 'described', status: 'partial', label: { en: 'Described, no figure', es: 'Descrito, sin cifra' } },
    { id: 'none', status: 'negative', label: { en: 'No measurable gain', es: 'Sin beneficio medible' } },
  ],
  'decision-criteria': [
    { id: 'written', status: 'confirmed', label: { en: 'Written, we meet them', es: 'Por escrito, los cumplimos' } },
    { id: 'stated', status: 'partial', label: { en: 'Stated aloud', es: 'Dichos de palabra' } },
    { id: 'against-us', status: 'negative', label: { en: 'Favour another option', es: 'Favorecen otra opción' } },
  ],
  'decision-process': [
    { id: 'mapped', status: 'confirmed', label: { en: 'Steps and dates known', es: 'Pasos y fechas conocidos' } },
    { id: 'some-steps', status: 'partial', label: { en: 'Some steps known', es: 'Algunos pasos conocidos' } },
    { id: 'no-path', status: 'negative', label: { en: 'No path to a decision', es: 'Sin camino a una decisión' } },
  ],
  'paper-process': [
    { id: 'mapped', status: 'confirmed', label: { en: 'Procurement and legal known', es: 'Compras y legal conocidos' } },
    { id: 'started', status: 'partial', label: { en: 'Procurement involved', es: 'Compras implicado' } },
    { id: 'cannot-buy', status: 'negative', label: { en: 'Cannot buy this way', es: 'No pueden comprar así' } },
  ],
  champion: [
    { id: 'tested', status: 'confirmed', label: { en: 'Acts for us (tested)', es: 'Actúa por nosotros (probado)' } },
    { id: 'candidate', status: 'partial', label: { en: 'A possible champion', es: 'Un posible promotor' } },
    { id: 'none', status: 'negative', label: { en: 'Nobody will champion us', es: 'Nadie nos promueve' } },
  ],
  competition: [
    { id: 'ahead', status: 'confirmed', label: { en: 'We lead', es: 'Vamos por delante' } },
    { id: 'even', status: 'partial', label: { en: 'Head to head', es: 'Igualados' } },
    { id: 'behind', status: 'negative', label: { en: 'A competitor leads', es: 'Va por delante otro' } },
  ],
  situation: [
    { id: 'mapped', status: 'confirmed', label: { en: 'Situation mapped', es: 'Situación conocida' } },
    { id: 'partly', status: 'partial', label: { en: 'Partly known', es: 'Conocida en parte' } },
  ],
};

/** The option of an element by id (the stored answer), if the element has it. */
export function elementOption(element: OwnElementId, optionId: string | undefined): ElementOption | undefined {
  return optionId === undefined ? undefined : ELEMENT_OPTIONS[element].find((o) => o.id === optionId);
}

export type ElementPoints = { negative: number; partial: number; confirmed: number };

export type FrameworkElement = {
  id: ElementId;
  /** the framework's own word for it ("Economic buyer" where BANT says "Authority") */
  label: Bilingual;
  /** the key that opens it, per UI language; both work in either (as B and P do for budget) */
  key: Bilingual;
  /** what the score gains per status (BANT's points come from the team's scoring model instead) */
  points: ElementPoints;
  /** how much it matters when choosing the next question: higher first */
  weight: number;
};

/** The stage rules as BANT's (stage.ts), over the framework's elements. */
export type FrameworkStageRules = {
  disqualifyWhenNegative: ElementId[];
  nurtureWhenNegative: ElementId[];
  nurtureHorizons: TimingHorizon[];
  sqlRequiresConfirmed: ElementId[];
  mqlMinConfirmed: number;
};

export type Framework = {
  id: FrameworkId;
  name: string;
  /** what the letters stand for, for the Options choice and the shortcut sheet */
  summary: Bilingual;
  elements: readonly FrameworkElement[];
  stage: FrameworkStageRules;
};

const pts = (confirmed: number, partial: number, negative: number): ElementPoints => ({ confirmed, partial, negative });
const NOT_NOW: TimingHorizon[] = ['later', 'no-timeline'];

// BANT's words, keys and points are the ones the rest of the code already uses (labels.ts, the
// scoring model, stage.ts); they are repeated here only so every framework reads the same way.
const BANT: Framework = {
  id: 'bant',
  name: 'BANT',
  summary: { en: 'Budget, Authority, Need, Timing', es: 'Presupuesto, Autoridad, Necesidad, Plazo' },
  elements: [
    { id: 'budget', label: { en: 'Budget', es: 'Presupuesto' }, key: { en: 'B', es: 'P' }, points: pts(15, 5, -10), weight: 3 },
    { id: 'authority', label: { en: 'Authority', es: 'Autoridad' }, key: { en: 'A', es: 'A' }, points: pts(15, 5, -10), weight: 3 },
    { id: 'need', label: { en: 'Need', es: 'Necesidad' }, key: { en: 'N', es: 'N' }, points: pts(20, 8, -20), weight: 4 },
    { id: 'timing', label: { en: 'Timing', es: 'Plazo' }, key: { en: 'T', es: 'T' }, points: pts(15, 5, -5), weight: 2 },
  ],
  stage: {
    disqualifyWhenNegative: ['need'],
    nurtureWhenNegative: ['budget', 'timing'],
    nurtureHorizons: NOT_NOW,
    sqlRequiresConfirmed: ['budget', 'authority', 'need', 'timing'],
    mqlMinConfirmed: 2,
  },
};

const MEDDICC_ELEMENTS: readonly FrameworkElement[] = [
  { id: 'metrics', label: { en: 'Metrics', es: 'Métricas' }, key: { en: 'M', es: 'M' }, points: pts(10, 4, -10), weight: 3 },
  { id: 'authority', label: { en: 'Economic buyer', es: 'Decisor económico' }, key: { en: 'E', es: 'E' }, points: pts(15, 5, -10), weight: 4 },
  { id: 'decision-criteria', label: { en: 'Decision criteria', es: 'Criterios de decisión' }, key: { en: 'D', es: 'D' }, points: pts(8, 3, -8), weight: 2 },
  { id: 'decision-process', label: { en: 'Decision process', es: 'Proceso de decisión' }, key: { en: 'O', es: 'O' }, points: pts(8, 3, -5), weight: 2 },
  { id: 'need', label: { en: 'Identify pain', es: 'Dolor identificado' }, key: { en: 'I', es: 'I' }, points: pts(15, 6, -20), weight: 5 },
  { id: 'champion', label: { en: 'Champion', es: 'Promotor' }, key: { en: 'C', es: 'C' }, points: pts(12, 4, -10), weight: 3 },
  { id: 'competition', label: { en: 'Competition', es: 'Competencia' }, key: { en: 'V', es: 'V' }, points: pts(5, 2, -5), weight: 1 },
];

const MEDDICC: Framework = {
  id: 'meddicc',
  name: 'MEDDICC',
  summary: {
    en: 'Metrics, Economic buyer, Decision criteria, Decision process, Identify pain, Champion, Competition',
    es: 'Métricas, Decisor económico, Criterios y Proceso de decisión, Dolor identificado, Promotor, Competencia',
  },
  elements: MEDDICC_ELEMENTS,
  stage: {
    disqualifyWhenNegative: ['need'],
    nurtureWhenNegative: ['decision-process'],
    nurtureHorizons: NOT_NOW,
    sqlRequiresConfirmed: ['metrics', 'authority', 'need', 'champion'],
    mqlMinConfirmed: 2,
  },
};

const MEDDPICC: Framework = {
  id: 'meddpicc',
  name: 'MEDDPICC',
  summary: {
    en: 'MEDDICC plus the Paper process (procurement and legal)',
    es: 'MEDDICC más el Proceso de compras (compras y legal)',
  },
  elements: [
    ...MEDDICC_ELEMENTS.slice(0, 4),
    { id: 'paper-process', label: { en: 'Paper process', es: 'Proceso de compras' }, key: { en: 'L', es: 'L' }, points: pts(6, 2, -8), weight: 1 },
    ...MEDDICC_ELEMENTS.slice(4),
  ],
  stage: MEDDICC.stage,
};

const SPICED: Framework = {
  id: 'spiced',
  name: 'SPICED',
  summary: { en: 'Situation, Pain, Impact, Critical event, Decision', es: 'Situación, Dolor, Impacto, Evento crítico, Decisión' },
  elements: [
    { id: 'situation', label: { en: 'Situation', es: 'Situación' }, key: { en: 'S', es: 'S' }, points: pts(5, 2, 0), weight: 1 },
    { id: 'need', label: { en: 'Pain', es: 'Dolor' }, key: { en: 'P', es: 'D' }, points: pts(20, 8, -20), weight: 5 },
    { id: 'metrics', label: { en: 'Impact', es: 'Impacto' }, key: { en: 'I', es: 'I' }, points: pts(15, 5, -10), weight: 4 },
    { id: 'timing', label: { en: 'Critical event', es: 'Evento crítico' }, key: { en: 'E', es: 'E' }, points: pts(15, 5, -5), weight: 3 },
    { id: 'decision-process', label: { en: 'Decision', es: 'Decisión' }, key: { en: 'C', es: 'C' }, points: pts(10, 4, -5), weight: 2 },
  ],
  stage: {
    disqualifyWhenNegative: ['need'],
    nurtureWhenNegative: ['timing'],
    nurtureHorizons: NOT_NOW,
    sqlRequiresConfirmed: ['need', 'metrics', 'timing'],
    mqlMinConfirmed: 2,
  },
};

const CHAMP: Framework = {
  id: 'champ',
  name: 'CHAMP',
  summary: { en: 'CHallenges, Authority, Money, Prioritization', es: 'Retos, Autoridad, Dinero, Prioridad' },
  elements: [
    { id: 'need', label: { en: 'Challenges', es: 'Retos' }, key: { en: 'C', es: 'C' }, points: pts(20, 8, -20), weight: 4 },
    { id: 'authority', label: { en: 'Authority', es: 'Autoridad' }, key: { en: 'A', es: 'A' }, points: pts(15, 5, -10), weight: 3 },
    { id: 'budget', label: { en: 'Money', es: 'Dinero' }, key: { en: 'M', es: 'M' }, points: pts(15, 5, -10), weight: 3 },
    { id: 'timing', label: { en: 'Prioritization', es: 'Prioridad' }, key: { en: 'P', es: 'P' }, points: pts(15, 5, -5), weight: 2 },
  ],
  stage: {
    disqualifyWhenNegative: ['need'],
    nurtureWhenNegative: ['budget', 'timing'],
    nurtureHorizons: NOT_NOW,
    sqlRequiresConfirmed: ['need', 'authority', 'budget', 'timing'],
    mqlMinConfirmed: 2,
  },
};

export const FRAMEWORKS: Readonly<Record<FrameworkId, Framework>> = {
  bant: BANT,
  meddicc: MEDDICC,
  meddpicc: MEDDPICC,
  spiced: SPICED,
  champ: CHAMP,
};

/** An element's word where no framework is given: the first framework's that asks it (MEDDICC's before SPICED's). */
export function elementWord(id: ElementId): Bilingual {
  for (const framework of Object.values(FRAMEWORKS)) {
    const element = framework.elements.find((e) => e.id === id);
    if (element) return element.label;
  }
  return { en: id, es: id };
}

/** Keys the sidebar keeps for itself in every framework: J / K sections, U undo, R review. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['j', 'k', 'u', 'r']);

/** The element a key opens in a framework: the UI language's key first, then the other's. */
export function elementForKey<I extends string>(
  framework: { elements: ReadonlyArray<{ id: I; key: Bilingual }> },
  key: string,
  locale: 'en' | 'es',
): I | undefined {
  const k = key.toLowerCase();
  const other = locale === 'en' ? 'es' : 'en';
  return (
    framework.elements.find((e) => e.key[locale].toLowerCase() === k)?.id ??
    framework.elements.find((e) => e.key[other].toLowerCase() === k)?.id
  );
}

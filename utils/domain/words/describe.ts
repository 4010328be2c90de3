// Sentences for reasons and questions, in English and Spanish, built from a reason's facts.
// One entry per reason code (the Record type makes a missing translation a type error).
import type { NextAction } from '../actions/actions';
import type { BantLetter } from '../qualification/bant';
import { formatDate as formatIntlDate, formatDays } from '../../i18n/format';
import type { Locale } from '../bilingual';
import {
  DISCOVERY_QUESTIONS,
  HORIZON_LABELS,
  LETTER_LABELS,
  LETTER_WITH_ARTICLE_ES,
  STATUS_LABELS,
} from './labels';
import type { ActionReason, ActionReasonCode, ActionReasonParams } from '../actions/reasons';
import { type CommitteeRole, ROLE_LABELS } from '../committee/roles';
import type { StageReason } from '../qualification/stage';
import type { ElementId, Framework } from '../qualification/frameworks';

type Words<P> = { en: (p: P) => string; es: (p: P) => string };

// UTC so the same record reads the same everywhere (and in tests)
export function formatDate(iso: string, locale: Locale, withTime = false): string {
  return formatIntlDate(iso, locale, { timeZone: 'UTC', withTime });
}

const role = (r: CommitteeRole, locale: Locale) => ROLE_LABELS[r][locale];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
function join(items: readonly string[], locale: Locale): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${locale === 'es' ? 'y' : 'and'} ${items[items.length - 1]}`;
}
function tierWords(tier: string, locale: Locale): string {
  const n = tier.replace(/^tier-/, '');
  return locale === 'es' ? `de nivel ${n}` : `tier-${n}`;
}
const FIELD_WORDS = {
  email: { en: 'e-mail', es: 'correo electrónico' },
  phone: { en: 'phone', es: 'teléfono' },
  title: { en: 'job title', es: 'cargo' },
} as const;
const ABM_SUPPORT = {
  early: { en: 'awareness and light personalisation', es: 'notoriedad y personalización ligera' },
  middle: { en: 'account-specific content and sales enablement', es: 'contenido específico para la cuenta y material de apoyo a ventas' },
  late: { en: 'proof points, case studies and executive outreach', es: 'pruebas de valor, casos de éxito y contacto a nivel directivo' },
} as const;
const ABM_PHASE = {
  early: { en: 'an early', es: 'inicial' },
  middle: { en: 'a middle', es: 'intermedia' },
  late: { en: 'a late', es: 'final' },
} as const;

const REASONS: { [C in ActionReasonCode]: Words<ActionReasonParams[C]> } = {
  'discovery.budget': {
    en: (p) => (p.status === 'partial' ? 'Budget is only partly confirmed: find out where the money stands.' : 'Budget is still unknown: find out where the money stands.'),
    es: (p) => (p.status === 'partial' ? 'El presupuesto solo está confirmado en parte: averigua en qué punto está el dinero.' : 'Aún no se sabe nada del presupuesto: averigua en qué punto está el dinero.'),
  },
  'discovery.authority': {
    en: (p) => (p.buyerName ? `${p.buyerName} is the economic buyer but is not engaged yet: get a meeting.` : 'No economic buyer identified yet: map who decides.'),
    es: (p) => (p.buyerName ? `${p.buyerName} es el decisor económico, pero aún no está implicado: consigue una reunión.` : 'Aún no se ha identificado al decisor económico: averigua quién decide.'),
  },
  'discovery.need': {
    en: (p) => (p.status === 'partial' ? 'The need is only half stated (its category or its statement is missing).' : 'The need is still unknown: without a clear need this is a tourist.'),
    es: (p) => (p.status === 'partial' ? 'La necesidad solo está expresada a medias (falta la categoría o la descripción).' : 'Aún no se conoce la necesidad: sin una necesidad clara, es un turista.'),
  },
  'discovery.timing': {
    en: (p) => (p.status === 'partial' ? 'Timing is vague: pin down a quarter and a date.' : 'Timing is still unknown.'),
    es: (p) => (p.status === 'partial' ? 'El plazo es impreciso: concreta un trimestre y una fecha.' : 'Aún no se conoce el plazo.'),
  },
  'multithread.gap': {
    en: (p) =>
      `No ${role(p.role, 'en')} in the buying committee yet: look for ${join(p.lookFor.en, 'en')}.` +
      (p.candidateNames.length ? ` Candidates: ${p.candidateNames.join(', ')}.` : ''),
    es: (p) =>
      `Aún no hay ${role(p.role, 'es')} en el comité de compra: busca ${join(p.lookFor.es, 'es')}.` +
      (p.candidateNames.length ? ` Candidatos: ${p.candidateNames.join(', ')}.` : ''),
  },
  'multithread.gaps': {
    en: (p) =>
      `${p.filled} of ${p.required} roles of the buying committee are covered; still missing: ${join(p.roles.map((r) => role(r, 'en')), 'en')}. The committee section says who to look for.`,
    es: (p) =>
      `${p.filled} de ${p.required} roles del comité de compra cubiertos; faltan: ${join(p.roles.map((r) => role(r, 'es')), 'es')}. La sección del comité dice a quién buscar.`,
  },
  'multithread.left': {
    en: (p) => `${p.personName} (${role(p.role, 'en')}) has left the company: find who holds that role now before the deal stalls.`,
    es: (p) => `${p.personName} (${role(p.role, 'es')}) ha dejado la empresa: averigua quién ocupa ahora ese papel antes de que la operación se estanque.`,
  },
  'multithread.cold': {
    en: (p) => `No touch with ${p.personName} (${role(p.role, 'en')}) for ${formatDays(p.days, 'en')}, since ${formatDate(p.lastTouchAt, 'en')}.`,
    es: (p) => `Sin contacto con ${p.personName} (${role(p.role, 'es')}) desde hace ${formatDays(p.days, 'es')} (${formatDate(p.lastTouchAt, 'es')}).`,
  },
  'sla.clock': {
    en: (p) => `New SQL since ${formatDate(p.since, 'en', true)}: contact within ${p.slaHours} h${p.keyAccount ? ' (key account)' : ''}; ${p.hoursLeft} h left.`,
    es: (p) => `Nuevo SQL desde el ${formatDate(p.since, 'es', true)}: contacta en menos de ${p.slaHours} h${p.keyAccount ? ' (cuenta clave)' : ''}; quedan ${p.hoursLeft} h.`,
  },
  'sla.overdue': {
    en: (p) => `New SQL since ${formatDate(p.since, 'en', true)} and nobody has responded: the ${p.slaHours} h SLA${p.keyAccount ? ' for key accounts' : ''} was missed by ${p.hoursOverdue} h.`,
    es: (p) => `Nuevo SQL desde el ${formatDate(p.since, 'es', true)} y nadie ha respondido: el SLA de ${p.slaHours} h${p.keyAccount ? ' de cuentas clave' : ''} se superó hace ${p.hoursOverdue} h.`,
  },
  'objection.price.noAuthority': {
    en: (p) =>
      `${p.objectorName}${p.objectorRole ? ` (${role(p.objectorRole, 'en')})` : ''} said it is expensive on ${formatDate(p.at, 'en')} but does not own the budget: reach ${p.buyerName ?? 'the economic buyer'}.`,
    es: (p) =>
      `${p.objectorName}${p.objectorRole ? ` (${role(p.objectorRole, 'es')})` : ''} dijo el ${formatDate(p.at, 'es')} que es caro, pero no decide el presupuesto: llega a ${p.buyerName ?? 'quien decide el presupuesto'}.`,
  },
  'objection.price.buyer': {
    en: (p) => `${p.objectorName}, who owns the budget, raised price on ${formatDate(p.at, 'en')}: answer with the ROI and a detailed comparison.`,
    es: (p) => `${p.objectorName}, que decide el presupuesto, planteó el precio el ${formatDate(p.at, 'es')}: responde con el ROI y una comparativa detallada.`,
  },
  're-engage.stale': {
    en: (p) => `No activity for ${formatDays(p.days, 'en')}${p.lastActivityAt ? ` (last on ${formatDate(p.lastActivityAt, 'en')})` : ''}: re-engage before the buying moment passes.`,
    es: (p) => `Sin actividad desde hace ${formatDays(p.days, 'es')}${p.lastActivityAt ? ` (la última el ${formatDate(p.lastActivityAt, 'es')})` : ''}: retoma el contacto antes de que pase el momento de compra.`,
  },
  're-engage.dormant': {
    en: (p) =>
      `No activity for ${formatDays(p.days, 'en')}: ${p.entityType === 'deal' ? 'reactivate the deal or close it so it stops inflating the forecast' : 'reactivate the lead or disqualify it'}.`,
    es: (p) =>
      `Sin actividad desde hace ${formatDays(p.days, 'es')}: ${p.entityType === 'deal' ? 'reactiva la operación o ciérrala para que no infle la previsión' : 'reactiva el lead o descalifícalo'}.`,
  },
  'hygiene.closeDatePast': {
    en: (p) => `The close date (${formatDate(p.closeDate, 'en')}) passed ${formatDays(p.days, 'en')} ago: update it or close the deal.`,
    es: (p) => `La fecha de cierre (${formatDate(p.closeDate, 'es')}) pasó hace ${formatDays(p.days, 'es')}: actualízala o cierra la operación.`,
  },
  'hygiene.closeDateMissing': {
    en: () => 'The deal has no close date: the forecast cannot place it.',
    es: () => 'La operación no tiene fecha de cierre: la previsión no puede situarla.',
  },
  'hygiene.amountMissing': {
    en: () => 'The deal has no amount: the forecast cannot count it.',
    es: () => 'La operación no tiene importe: la previsión no puede contarla.',
  },
  'hygiene.contactIncomplete': {
    en: (p) => `${p.personName} has no ${join(p.fields.map((f) => FIELD_WORDS[f].en), 'en')}: incomplete data halves win rates.`,
    es: (p) => `A ${p.personName} le falta ${join(p.fields.map((f) => FIELD_WORDS[f].es), 'es')}: los datos incompletos reducen a la mitad la tasa de cierre.`,
  },
  'nurture.notNow': {
    en: (p) =>
      `${p.horizon ? `Timing is “${HORIZON_LABELS[p.horizon].en}”` : `${cap(LETTER_LABELS[p.letter ?? 'timing'].en)} is ruled out for now`}: not now is not never. Move it to nurturing and look again on ${formatDate(p.reviewAt, 'en')}.`,
    es: (p) =>
      `${p.horizon ? `El plazo es «${HORIZON_LABELS[p.horizon].es}»` : `Por ahora se descarta ${LETTER_WITH_ARTICLE_ES[p.letter ?? 'timing']}`}: «ahora no» no es «nunca». Pásalo a nutrición y vuelve a mirarlo el ${formatDate(p.reviewAt, 'es')}.`,
  },
  'duplicate.coordinate': {
    en: (p) =>
      `A likely duplicate${p.personName ? ` (${p.personName})` : ''} is owned by ${p.ownerName}${p.lastTouchAt ? `, last touched on ${formatDate(p.lastTouchAt, 'en')}` : ''}: coordinate with them before any outreach.`,
    es: (p) =>
      `Hay un posible duplicado${p.personName ? ` (${p.personName})` : ''} de ${p.ownerName}${p.lastTouchAt ? `, con último contacto el ${formatDate(p.lastTouchAt, 'es')}` : ''}: coordínate con esa persona antes de contactar.`,
  },
  'abm.support': {
    en: (p) => `${p.accountName} is a ${tierWords(p.tier, 'en')} target account at ${ABM_PHASE[p.phase].en} stage: ask marketing for ${ABM_SUPPORT[p.phase].en}.`,
    es: (p) => `${p.accountName} es una cuenta objetivo ${tierWords(p.tier, 'es')} en fase ${ABM_PHASE[p.phase].es}: pide a marketing ${ABM_SUPPORT[p.phase].es}.`,
  },
};

const TITLES: { [C in ActionReasonCode]: Words<ActionReasonParams[C]> } = {
  'discovery.budget': { en: () => 'Ask about the budget', es: () => 'Pregunta por el presupuesto' },
  'discovery.authority': {
    en: (p) => (p.buyerName ? 'Meet the economic buyer' : 'Map who decides'),
    es: (p) => (p.buyerName ? 'Reúnete con el decisor económico' : 'Identifica quién decide'),
  },
  'discovery.need': { en: () => 'Uncover the need', es: () => 'Descubre la necesidad' },
  'discovery.timing': { en: () => 'Pin down the timing', es: () => 'Concreta el plazo' },
  'multithread.gap': { en: (p) => `Find the ${role(p.role, 'en')}`, es: (p) => `Busca: ${role(p.role, 'es')}` },
  'multithread.gaps': {
    en: (p) => `Complete the committee: ${p.roles.length} roles missing`,
    es: (p) => `Completa el comité: faltan ${p.roles.length} roles`,
  },
  'multithread.left': { en: () => 'Re-thread after a departure', es: () => 'Recupera el hilo tras una baja' },
  'multithread.cold': { en: (p) => `Warm up ${p.personName}`, es: (p) => `Retoma el contacto con ${p.personName}` },
  'sla.clock': { en: () => 'Contact the new SQL', es: () => 'Contacta con el nuevo SQL' },
  'sla.overdue': { en: () => 'SLA missed: contact now', es: () => 'SLA vencido: contacta ya' },
  'objection.price.noAuthority': { en: () => 'Reach the economic buyer', es: () => 'Llega al decisor económico' },
  'objection.price.buyer': { en: () => 'Answer the price objection', es: () => 'Responde a la objeción de precio' },
  're-engage.stale': { en: () => 'Re-engage', es: () => 'Retoma el contacto' },
  're-engage.dormant': { en: () => 'Reactivate or close', es: () => 'Reactiva o cierra' },
  'hygiene.closeDatePast': { en: () => 'Fix the close date', es: () => 'Corrige la fecha de cierre' },
  'hygiene.closeDateMissing': { en: () => 'Add a close date', es: () => 'Añade la fecha de cierre' },
  'hygiene.amountMissing': { en: () => 'Add the amount', es: () => 'Añade el importe' },
  'hygiene.contactIncomplete': { en: (p) => `Complete ${p.personName}'s details`, es: (p) => `Completa los datos de ${p.personName}` },
  'nurture.notNow': { en: () => 'Move to nurturing', es: () => 'Pasa a nutrición' },
  'duplicate.coordinate': { en: () => 'Check the duplicate first', es: () => 'Revisa antes el duplicado' },
  'abm.support': { en: () => 'Ask marketing for support', es: () => 'Pide apoyo a marketing' },
};

function render<C extends ActionReasonCode>(table: typeof REASONS, reason: { code: C; params: ActionReasonParams[C] }, locale: Locale): string {
  return (table[reason.code] as Words<ActionReasonParams[C]>)[locale](reason.params);
}

/** Why the action is suggested, as a sentence. */
export function describeReason(reason: ActionReason, locale: Locale): string {
  return render(REASONS, reason, locale);
}

/** The discovery question for a BANT letter. */
export function discoveryQuestion(letter: BantLetter, locale: Locale): string {
  return DISCOVERY_QUESTIONS[letter][locale];
}

export type DescribedAction = { title: string; reason: string; question?: string };

/** Everything the next-actions list shows for one action. */
export function describeAction(action: NextAction, locale: Locale): DescribedAction {
  const code = action.reason.code;
  const letter = code.startsWith('discovery.') ? (code.slice('discovery.'.length) as BantLetter) : undefined;
  return {
    title: render(TITLES, action.reason, locale),
    reason: describeReason(action.reason, locale),
    ...(letter ? { question: discoveryQuestion(letter, locale) } : {}),
  };
}

const LETTER_LIST = { en: 'budget, authority, need and timing', es: 'presupuesto, autoridad, necesidad y plazo' };

/**
 * Why the stage is what it is: by BANT's letters, or (a framework other than BANT) by the
 * framework's own element names.
 */
export function describeStage(reason: StageReason<ElementId>, locale: Locale, framework?: Framework): string {
  if (framework && framework.id !== 'bant') return describeFrameworkStage(reason, locale, framework);
  return describeBantStage(reason as StageReason, locale);
}

function describeFrameworkStage(reason: StageReason<ElementId>, locale: Locale, framework: Framework): string {
  const es = locale === 'es';
  const label = (id: ElementId) => framework.elements.find((e) => e.id === id)?.label[locale] ?? id;
  const total = framework.elements.length;
  switch (reason.code) {
    case 'stage.disqualified':
      return es ? `Descalificado: se descartó «${label(reason.params.letter)}».` : `Disqualified: “${label(reason.params.letter)}” was ruled out.`;
    case 'stage.nurture.negative':
      return es
        ? `En nutrición: por ahora se descarta «${label(reason.params.letter)}».`
        : `Nurturing: “${label(reason.params.letter)}” is ruled out for now.`;
    case 'stage.sql': {
      const names = join(reason.params.letters.map(label), locale);
      return es ? `SQL (${framework.name}): confirmado ${names}.` : `SQL (${framework.name}): ${names} confirmed.`;
    }
    case 'stage.mql.letters':
      return es
        ? `MQL: ${reason.params.confirmed} de ${total} elementos de ${framework.name} confirmados; faltan los que pide un SQL.`
        : `MQL: ${reason.params.confirmed} of ${total} ${framework.name} elements confirmed; not yet those an SQL needs.`;
    case 'stage.new':
      return es
        ? `Nuevo: ${reason.params.confirmed} elementos de ${framework.name} confirmados y puntuación ${reason.params.score}.`
        : `New: ${reason.params.confirmed} ${framework.name} elements confirmed and a score of ${reason.params.score}.`;
    default:
      return describeBantStage(reason, locale);
  }
}

function describeBantStage(reason: StageReason, locale: Locale): string {
  const es = locale === 'es';
  switch (reason.code) {
    case 'stage.disqualified':
      return es
        ? `Descalificado: se descartó ${LETTER_WITH_ARTICLE_ES[reason.params.letter]}.`
        : `Disqualified: ${LETTER_LABELS[reason.params.letter].en} was ruled out.`;
    case 'stage.nurture.horizon':
      return es
        ? `En nutrición: el plazo es «${HORIZON_LABELS[reason.params.horizon].es}».`
        : `Nurturing: timing is “${HORIZON_LABELS[reason.params.horizon].en}”.`;
    case 'stage.nurture.negative':
      return es
        ? `En nutrición: por ahora se descarta ${LETTER_WITH_ARTICLE_ES[reason.params.letter]}.`
        : `Nurturing: ${LETTER_LABELS[reason.params.letter].en} is ruled out for now.`;
    case 'stage.sql': {
      const all = reason.params.letters.length === 4;
      const letters = all ? LETTER_LIST[locale] : join(reason.params.letters.map((l) => LETTER_LABELS[l][locale]), locale);
      return es ? `SQL: ${letters} confirmados.` : `SQL: ${letters} confirmed.`;
    }
    case 'stage.mql.letters':
      return es
        ? `MQL: ${reason.params.confirmed} de 4 letras BANT confirmadas; falta alguna para ser SQL.`
        : `MQL: ${reason.params.confirmed} of 4 BANT letters confirmed; not yet all four for an SQL.`;
    case 'stage.mql.score':
      return es
        ? `MQL: la puntuación ${reason.params.score} alcanza el umbral ${reason.params.threshold}.`
        : `MQL: the score ${reason.params.score} reached the threshold ${reason.params.threshold}.`;
    case 'stage.new':
      return es
        ? `Nuevo: ${reason.params.confirmed} letras BANT confirmadas y puntuación ${reason.params.score}.`
        : `New: ${reason.params.confirmed} BANT letters confirmed and a score of ${reason.params.score}.`;
  }
}

/** "budget: partial" in the reader's language, for compact displays. */
export function describeLetterStatus(letter: BantLetter, status: keyof typeof STATUS_LABELS, locale: Locale): string {
  return `${LETTER_LABELS[letter][locale]}: ${STATUS_LABELS[status][locale]}`;
}

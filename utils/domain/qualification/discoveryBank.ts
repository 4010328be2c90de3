// The discovery questions a rep asks on a call, per framework element, in English and Spanish.
// A question can be meant for a status (what to ask when nothing is known differs from what to ask
// to finish a half answer) and for whom the rep is talking to: the economic-buyer question is not
// the same for a CFO as for an IT manager. The most specific question that fits wins.
import type { Bilingual } from '../bilingual';
import type { JobFunction, Seniority } from '../committee/titles';
import type { BantLetter } from './bant';
import type { ElementId } from './frameworks';

/** Discovery questions per letter; budget offers DOMAIN.md's options, not a yes/no. */
export const DISCOVERY_QUESTIONS: Readonly<Record<BantLetter, Bilingual>> = {
  budget: {
    en: 'Is the budget approved, being estimated, or does it depend on approving a business case?',
    es: '¿El presupuesto está aprobado, se está estimando o depende de aprobar un caso de negocio?',
  },
  authority: {
    en: 'Who else takes part in the decision, and who signs off the budget?',
    es: '¿Quién más participa en la decisión y quién aprueba el presupuesto?',
  },
  need: {
    en: 'What happens if you do nothing: is it a risk to mitigate, a regulation to comply with, a need to scale, or efficiency?',
    es: '¿Qué pasa si no hacen nada: es un riesgo que mitigar, una normativa que cumplir, una necesidad de escalar o de eficiencia?',
  },
  timing: {
    en: 'When do you need it working: this quarter, next quarter, next year, or is there no date yet?',
    es: '¿Para cuándo lo necesitan funcionando: este trimestre, el próximo, el año que viene o aún no hay fecha?',
  },
};

export type DiscoveryQuestion = {
  id: string;
  text: Bilingual;
  /** asked when the element is at this status (absent: at any status still open) */
  status?: 'unknown' | 'partial';
  /** meant for these functions / seniorities (absent: for anyone) */
  functions?: readonly JobFunction[];
  seniorities?: readonly Seniority[];
};

const EXECUTIVE: readonly Seniority[] = ['c-level', 'vp'];
const MANAGERS: readonly Seniority[] = ['director', 'head', 'manager'];

export const DISCOVERY_BANK: Readonly<Record<ElementId, readonly DiscoveryQuestion[]>> = {
  budget: [
    { id: 'budget.options', text: DISCOVERY_QUESTIONS.budget },
    {
      id: 'budget.finance',
      functions: ['finance'],
      text: {
        en: 'Is this line in this year’s budget, or would it need a business case to be approved?',
        es: '¿Esta partida está en el presupuesto del año o necesitaría aprobar un caso de negocio?',
      },
    },
    {
      id: 'budget.partial',
      status: 'partial',
      text: { en: 'What amount is being considered, and who approves it?', es: '¿De qué importe se habla y quién lo aprueba?' },
    },
  ],
  authority: [
    { id: 'authority.who', text: DISCOVERY_QUESTIONS.authority },
    {
      id: 'authority.finance',
      functions: ['finance'],
      seniorities: EXECUTIVE,
      text: {
        en: 'Beyond you, does anyone else have to sign off an investment of this size?',
        es: 'Además de usted, ¿alguien más tiene que aprobar una inversión de este tamaño?',
      },
    },
    {
      id: 'authority.it',
      functions: ['it'],
      text: {
        en: 'When IT recommends a tool, who owns the budget that pays for it?',
        es: 'Cuando TI recomienda una herramienta, ¿quién tiene el presupuesto que la paga?',
      },
    },
    {
      id: 'authority.partial',
      status: 'partial',
      text: {
        en: 'Could we meet the person who signs off the budget before the proposal?',
        es: '¿Podemos reunirnos con quien aprueba el presupuesto antes de la propuesta?',
      },
    },
  ],
  need: [
    { id: 'need.cost-of-nothing', text: DISCOVERY_QUESTIONS.need },
    {
      id: 'need.executive',
      seniorities: EXECUTIVE,
      text: {
        en: 'Which of this year’s goals does this problem put at risk?',
        es: '¿Qué objetivo del año pone en riesgo este problema?',
      },
    },
    {
      id: 'need.partial',
      status: 'partial',
      text: {
        en: 'In one sentence, what problem are we solving, and what does it cost you today?',
        es: 'En una frase, ¿qué problema resolvemos y cuánto les cuesta hoy?',
      },
    },
  ],
  timing: [
    { id: 'timing.when', text: DISCOVERY_QUESTIONS.timing },
    {
      id: 'timing.event',
      text: {
        en: 'Is there a date that forces this: a renewal, an audit, a launch?',
        es: '¿Hay una fecha que lo fuerce: una renovación, una auditoría, un lanzamiento?',
      },
      status: 'partial',
    },
  ],
  metrics: [
    {
      id: 'metrics.measure',
      text: {
        en: 'How will you measure success: which figure should change, and by how much?',
        es: '¿Cómo medirán el éxito: qué cifra debe cambiar y cuánto?',
      },
    },
    {
      id: 'metrics.finance',
      functions: ['finance'],
      text: {
        en: 'What return would make this investment an easy yes for you?',
        es: '¿Qué retorno haría que esta inversión fuera un sí claro para usted?',
      },
    },
    {
      id: 'metrics.partial',
      status: 'partial',
      text: {
        en: 'Can we put a number on it: hours, euros or incidents a month?',
        es: '¿Le ponemos cifra: horas, euros o incidencias al mes?',
      },
    },
  ],
  'decision-criteria': [
    {
      id: 'criteria.what',
      text: {
        en: 'What will you compare the options on, and which criterion weighs most?',
        es: '¿Con qué criterios compararán las opciones y cuál pesa más?',
      },
    },
    {
      id: 'criteria.it',
      functions: ['it'],
      text: {
        en: 'Which technical requirements must any option meet: security, integrations, hosting?',
        es: '¿Qué requisitos técnicos debe cumplir cualquier opción: seguridad, integraciones, alojamiento?',
      },
    },
  ],
  'decision-process': [
    {
      id: 'process.steps',
      text: {
        en: 'What are the steps from here to a signed decision, and who takes part in each?',
        es: '¿Qué pasos hay desde hoy hasta una decisión firmada y quién participa en cada uno?',
      },
    },
    {
      id: 'process.manager',
      seniorities: MANAGERS,
      text: {
        en: 'After your recommendation, who decides, and when do they meet?',
        es: 'Tras su recomendación, ¿quién decide y cuándo se reúne?',
      },
    },
  ],
  'paper-process': [
    {
      id: 'paper.steps',
      text: {
        en: 'Once you say yes, what do procurement and legal need from us, and how long does it take?',
        es: 'Cuando digan que sí, ¿qué necesitan de nosotros compras y legal, y cuánto tarda?',
      },
    },
    {
      id: 'paper.procurement',
      functions: ['procurement', 'legal'],
      text: {
        en: 'Do we need to be a registered supplier, and is there a standard contract to start from?',
        es: '¿Tenemos que estar dados de alta como proveedor y hay un contrato tipo del que partir?',
      },
    },
  ],
  champion: [
    {
      id: 'champion.who',
      text: {
        en: 'Who inside would push for this when we are not in the room?',
        es: '¿Quién defendería esto dentro cuando no estemos en la sala?',
      },
    },
    {
      id: 'champion.test',
      status: 'partial',
      text: {
        en: 'Would you introduce us to the person who signs off the budget?',
        es: '¿Nos presentaría a quien aprueba el presupuesto?',
      },
    },
  ],
  competition: [
    {
      id: 'competition.who',
      text: {
        en: 'What else are you considering, including doing it in-house or doing nothing?',
        es: '¿Qué más están valorando, incluido hacerlo internamente o no hacer nada?',
      },
    },
  ],
  situation: [
    {
      id: 'situation.today',
      text: {
        en: 'How do you handle this today, with which tools and which team?',
        es: '¿Cómo lo gestionan hoy, con qué herramientas y qué equipo?',
      },
    },
  ],
};

export type QuestionContext = {
  status: 'unknown' | 'partial';
  function?: JobFunction;
  seniority?: Seniority;
};

/**
 * The question to ask now for an element: among those meant for this status (or any), the one
 * matching most of who the person is (function, then seniority); the bank's order breaks ties.
 * A question meant for someone the person is not is never picked.
 */
export function pickQuestion(element: ElementId, ctx: QuestionContext): DiscoveryQuestion {
  const bank = DISCOVERY_BANK[element];
  let best = bank[0]!;
  let bestFit = -1;
  for (const q of bank) {
    if (q.status !== undefined && q.status !== ctx.status) continue;
    if (q.functions && (ctx.function === undefined || !q.functions.includes(ctx.function))) continue;
    if (q.seniorities && (ctx.seniority === undefined || !q.seniorities.includes(ctx.seniority))) continue;
    const fit = (q.functions ? 4 : 0) + (q.seniorities ? 2 : 0) + (q.status ? 1 : 0);
    if (fit > bestFit) {
      best = q;
      bestFit = fit;
    }
  }
  return best;
}

import { describe, expect, it } from 'vitest';
import type { NextAction } from '../actions/actions';
import { describeAction, describeReason, describeStage, discoveryQuestion, formatDate } from './describe';
import { ACTION_REASON_CODES, type ActionReason } from '../actions/reasons';
import { ROLE_LOOK_FOR } from '../committee/roles';
import type { StageReason } from '../qualification/stage';

// One sample per reason code (typed: a new code without a sample fails to compile here).
const SAMPLES: { [C in ActionReason['code']]: Extract<ActionReason, { code: C }>['params'] } = {
  'discovery.budget': { status: 'unknown' },
  'discovery.authority': { status: 'partial', buyerName: 'María José García' },
  'discovery.need': { status: 'partial' },
  'discovery.timing': { status: 'unknown' },
  'multithread.gap': { role: 'procurement', lookFor: ROLE_LOOK_FOR.procurement, candidateNames: [] },
  'multithread.gaps': { roles: ['economic-buyer', 'champion', 'legal'], required: 6, filled: 3 },
  'multithread.left': { role: 'champion', personName: 'Lucía Martín' },
  'multithread.cold': { role: 'economic-buyer', personName: 'Juan Carlos Pérez', days: 41, lastTouchAt: '2026-10-12T10:00:00.000Z' },
  'sla.clock': { slaHours: 24, hoursLeft: 5, keyAccount: false, since: '2026-11-21T15:00:00.000Z' },
  'sla.overdue': { slaHours: 12, hoursOverdue: 3, keyAccount: true, since: '2026-11-21T15:00:00.000Z' },
  'objection.price.noAuthority': { objectorName: 'Pedro Gómez', objectorRole: 'end-user', at: '2026-11-20T10:00:00.000Z' },
  'objection.price.buyer': { objectorName: 'María José García', at: '2026-11-20T10:00:00.000Z' },
  're-engage.stale': { days: 34, lastActivityAt: '2026-10-19T10:00:00.000Z', entityType: 'deal' },
  're-engage.dormant': { days: 95, entityType: 'lead' },
  'hygiene.closeDatePast': { closeDate: '2026-11-01', days: 21 },
  'hygiene.closeDateMissing': {},
  'hygiene.amountMissing': {},
  'hygiene.contactIncomplete': { personName: 'Ana Ruiz', fields: ['email', 'phone'] },
  'nurture.notNow': { horizon: 'later', reviewAt: '2027-03-01T00:00:00.000Z' },
  'duplicate.coordinate': { ownerName: 'Diego Morales', lastTouchAt: '2026-11-18T09:00:00.000Z' },
  'abm.support': { phase: 'late', accountName: 'Iberia Logística S.L.', tier: 'tier-1' },
};

const action = (reason: ActionReason): NextAction => ({ key: 'k', category: 'discovery', priority: 1, dueAt: '2026-11-22T10:00:00.000Z', overdue: false, reason });

describe('describeReason / describeAction', () => {
  it.each(ACTION_REASON_CODES)('%s reads as a sentence in English and Spanish', (code) => {
    const reason = { code, params: SAMPLES[code] } as ActionReason;
    const en = describeAction(action(reason), 'en');
    const es = describeAction(action(reason), 'es');
    for (const text of [en.title, en.reason, es.title, es.reason]) {
      expect(text.trim().length).toBeGreaterThan(3);
      expect(text).not.toMatch(/undefined|NaN|\[object/);
    }
    expect(en.reason).not.toBe(es.reason);
  });

  it('words reasons from the data', () => {
    expect(describeReason({ code: 'sla.overdue', params: SAMPLES['sla.overdue'] }, 'en')).toBe(
      'New SQL since 21 Nov 2026, 15:00 and nobody has responded: the 12 h SLA for key accounts was missed by 3 h.',
    );
    expect(describeReason({ code: 'objection.price.noAuthority', params: SAMPLES['objection.price.noAuthority'] }, 'es')).toBe(
      'Pedro Gómez (usuario final) dijo el 20 nov 2026 que es caro, pero no decide el presupuesto: llega a quien decide el presupuesto.',
    );
    expect(describeReason({ code: 'multithread.gap', params: SAMPLES['multithread.gap'] }, 'es')).toBe(
      'Aún no hay responsable de compras en el comité de compra: busca Gerente de Compras, Jefe de Compras y Director de Compras.',
    );
    expect(describeReason({ code: 'multithread.gap', params: SAMPLES['multithread.gap'] }, 'en')).toBe(
      'No procurement in the buying committee yet: look for Head of Procurement, Procurement Manager and Purchasing Director.',
    );
    expect(describeReason({ code: 'multithread.gaps', params: SAMPLES['multithread.gaps'] }, 'es')).toBe(
      '3 de 6 roles del comité de compra cubiertos; faltan: decisor económico, promotor (campeón) y asesoría legal. La sección del comité dice a quién buscar.',
    );
    expect(describeReason({ code: 'hygiene.contactIncomplete', params: SAMPLES['hygiene.contactIncomplete'] }, 'es')).toBe(
      'A Ana Ruiz le falta correo electrónico y teléfono: los datos incompletos reducen a la mitad la tasa de cierre.',
    );
    expect(describeReason({ code: 're-engage.dormant', params: { days: 120, entityType: 'deal' } }, 'en')).toBe(
      'No activity for 120 days: reactivate the deal or close it so it stops inflating the forecast.',
    );
  });

  it('asks discovery questions; budget offers the options, not a yes/no', () => {
    expect(discoveryQuestion('budget', 'en')).toBe('Is the budget approved, being estimated, or does it depend on approving a business case?');
    expect(discoveryQuestion('budget', 'es')).toBe('¿El presupuesto está aprobado, se está estimando o depende de aprobar un caso de negocio?');
    expect(describeAction(action({ code: 'discovery.need', params: { status: 'unknown' } }), 'es').question).toMatch(/^¿.*\?$/);
    expect(describeAction(action({ code: 'hygiene.amountMissing', params: {} }), 'en').question).toBeUndefined();
  });
});

describe('describeStage', () => {
  const reasons: StageReason[] = [
    { code: 'stage.disqualified', params: { letter: 'need' } },
    { code: 'stage.nurture.horizon', params: { horizon: 'no-timeline' } },
    { code: 'stage.nurture.negative', params: { letter: 'budget' } },
    { code: 'stage.sql', params: { letters: ['budget', 'authority', 'need', 'timing'] } },
    { code: 'stage.sql', params: { letters: ['need', 'budget'] } },
    { code: 'stage.mql.letters', params: { confirmed: 3, required: 2 } },
    { code: 'stage.mql.score', params: { score: 55, threshold: 40 } },
    { code: 'stage.new', params: { confirmed: 0, score: 5 } },
  ];
  it.each(reasons)('$code reads in both languages', (reason) => {
    for (const locale of ['en', 'es'] as const) {
      const text = describeStage(reason, locale);
      expect(text.length).toBeGreaterThan(5);
      expect(text).not.toMatch(/undefined|NaN/);
    }
  });

  it('agrees in Spanish gender', () => {
    expect(describeStage(reasons[0]!, 'es')).toBe('Descalificado: se descartó la necesidad.');
    expect(describeStage(reasons[2]!, 'es')).toBe('En nutrición: por ahora se descarta el presupuesto.');
    expect(describeStage(reasons[4]!, 'en')).toBe('SQL: need and budget confirmed.');
  });
});

it('formats dates in UTC and leaves unparseable ones as they are', () => {
  expect(formatDate('2026-01-05T23:30:00.000Z', 'es')).toBe('5 ene 2026');
  expect(formatDate('2026-01-05T23:30:00.000Z', 'en')).toBe('5 Jan 2026');
  expect(formatDate('soon', 'en')).toBe('soon');
});

it('counts days through Intl, with the right plural in both languages', () => {
  const one = { code: 're-engage.dormant', params: { days: 1, entityType: 'lead' } } as const;
  expect(describeReason(one, 'en')).toMatch(/^No activity for 1 day: /);
  expect(describeReason(one, 'es')).toMatch(/^Sin actividad desde hace 1 día: /);
  const many = { code: 'hygiene.closeDatePast', params: { closeDate: '2026-11-01', days: 21 } } as const;
  expect(describeReason(many, 'en')).toBe('The close date (1 Nov 2026) passed 21 days ago: update it or close the deal.');
  expect(describeReason(many, 'es')).toBe('La fecha de cierre (1 nov 2026) pasó hace 21 días: actualízala o cierra la operación.');
});

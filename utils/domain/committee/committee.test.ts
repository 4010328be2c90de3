import { describe, expect, it } from 'vitest';
import { buildCommittee } from './committee';
import { type CommitteeTemplate, DEFAULT_COMMITTEE_CONFIG, committeeConfigSchema, pickCommitteeTemplate, segmentOf } from './committeeConfig';
import { ROLE_LOOK_FOR } from './roles';
import { NOW, daysAgo, makeActivity, makePerson } from '../../../tests/support/records';

const config = DEFAULT_COMMITTEE_CONFIG;
const template = (required: CommitteeTemplate['required'], lookFor?: CommitteeTemplate['lookFor']): CommitteeTemplate => ({
  id: 't',
  label: { en: 'T', es: 'T' },
  when: {},
  required,
  ...(lookFor ? { lookFor } : {}),
});

describe('committee templates', () => {
  it('the default configuration is valid', () => {
    expect(committeeConfigSchema.safeParse(DEFAULT_COMMITTEE_CONFIG).success).toBe(true);
  });

  it.each([
    [undefined, undefined],
    [50, 'smb'],
    [199, 'smb'],
    [200, 'mid-market'],
    [999, 'mid-market'],
    [1000, 'enterprise'],
  ] as const)('%s employees → segment %s', (employees, segment) => {
    expect(segmentOf(employees, config)).toBe(segment);
  });

  it.each([
    ['a 5,000-employee company', { account: { employees: 5000, keyAccount: false } }, 'enterprise'],
    ['a big deal at a small company', { account: { employees: 40, keyAccount: false }, amount: 150_000 }, 'enterprise'],
    ['a key account', { account: { employees: 120, keyAccount: true } }, 'enterprise'],
    ['a key account by override', { account: { employees: 120, keyAccount: false }, keyAccount: true }, 'enterprise'],
    ['a 300-employee company', { account: { employees: 300, keyAccount: false } }, 'mid-market'],
    ['a 30k deal at a small company', { account: { employees: 30, keyAccount: false }, amount: 30_000 }, 'mid-market'],
    ['a small company', { account: { employees: 30, keyAccount: false }, amount: 5_000 }, 'smb'],
    ['nothing known', {}, 'smb'],
  ] as const)('%s → %s', (_what, facts, id) => {
    expect(pickCommitteeTemplate(config, facts).id).toBe(id);
  });

  it('falls back to "economic buyer required" when the team left no catch-all', () => {
    const onlyEnterprise = { ...config, templates: [config.templates[0]!] };
    expect(pickCommitteeTemplate(onlyEnterprise, { account: { employees: 10, keyAccount: false } }).required).toEqual(['economic-buyer']);
  });
});

describe('buildCommittee', () => {
  const people = [
    makePerson('cfo', { fullName: 'María José García', title: 'Directora Financiera' }),
    makePerson('it', { fullName: 'Juan Carlos Pérez', title: 'Director de Sistemas' }),
    makePerson('ops', { fullName: 'Lucía Martín', title: 'Responsable de Operaciones' }),
    makePerson('x', { fullName: 'Pat Doe', title: undefined }),
  ];

  it('assigns roles from titles and reports coverage and gaps with the titles to look for', () => {
    const c = buildCommittee({
      people,
      overrides: {},
      template: template(['economic-buyer', 'technical-evaluator', 'procurement', 'legal']),
      activities: [],
      now: NOW,
      coldAfterDays: 30,
    });
    const roles = Object.fromEntries(c.members.map((m) => [m.personId, m.role]));
    expect(roles).toEqual({ cfo: 'economic-buyer', it: 'technical-evaluator', ops: 'influencer', x: undefined });
    expect(c.members.find((m) => m.personId === 'x')?.roleSource).toBe('none');
    expect(c.coverage).toMatchObject({ required: 4, filled: 2 });
    expect(c.gaps.map((g) => g.role)).toEqual(['procurement', 'legal']);
    expect(c.gaps[0]!.lookFor).toEqual(ROLE_LOOK_FOR.procurement);
    expect(c.gaps[0]!.lookFor.es).toContain('Gerente de Compras');
    expect(c.gaps[0]!.lookFor.en).toContain('Head of Procurement');
  });

  it('lets the rep override a role, and uses a template’s own titles to look for', () => {
    const c = buildCommittee({
      people,
      overrides: { ops: 'champion' },
      template: template(['champion', 'legal'], { legal: { en: ['DPO'], es: ['Delegado de Protección de Datos'] } }),
      activities: [],
      now: NOW,
      coldAfterDays: 30,
    });
    const ops = c.members.find((m) => m.personId === 'ops')!;
    expect(ops).toMatchObject({ role: 'champion', roleSource: 'override', confidence: 1 });
    expect(c.gaps).toEqual([{ role: 'legal', lookFor: { en: ['DPO'], es: ['Delegado de Protección de Datos'] }, candidateIds: [] }]);
  });

  it('lists relationships gone cold (touched, but not within N days) and never-touched people as not cold', () => {
    const c = buildCommittee({
      people: [...people.slice(0, 3), makePerson('crm', { title: 'CTO', lastActivityAt: daysAgo(45) })],
      overrides: {},
      template: template(['economic-buyer']),
      activities: [
        makeActivity('meeting', daysAgo(40), { personId: 'cfo' }),
        makeActivity('call', daysAgo(5), { personId: 'it' }),
        makeActivity('email-sent', daysAgo(-3), { personId: 'ops' }), // in the future: ignored
      ],
      now: NOW,
      coldAfterDays: 30,
    });
    expect(c.cold.map((x) => [x.personId, x.days])).toEqual([
      ['cfo', 40],
      ['crm', 45],
    ]);
    expect(c.members.find((m) => m.personId === 'ops')).toMatchObject({ cold: false });
    expect(c.members.find((m) => m.personId === 'ops')?.lastTouchAt).toBeUndefined();
  });

  it('flags the champion or the economic buyer who left the company, and a blocker, as risks; leavers fill no role', () => {
    const c = buildCommittee({
      people: [
        makePerson('cfo', { title: 'CFO', leftCompany: true }),
        makePerson('champ', { title: 'Analista', leftCompany: true }),
        makePerson('block', { title: 'Director de Compras' }),
      ],
      overrides: { champ: 'champion', block: 'blocker' },
      template: template(['economic-buyer', 'champion']),
      activities: [],
      now: NOW,
      coldAfterDays: 30,
    });
    expect(c.risks).toEqual([
      { kind: 'economic-buyer-left', personId: 'cfo' },
      { kind: 'champion-left', personId: 'champ' },
      { kind: 'blocker', personId: 'block' },
    ]);
    expect(c.coverage.filled).toBe(0);
    expect(c.gaps.map((g) => g.role)).toEqual(['economic-buyer', 'champion']);
  });

  it('suggests the most recently engaged contacts as champion candidates (never the buyer)', () => {
    const c = buildCommittee({
      people,
      overrides: {},
      template: template(['champion']),
      activities: [
        makeActivity('meeting', daysAgo(2), { personId: 'cfo' }),
        makeActivity('email-replied', daysAgo(3), { personId: 'ops' }),
        makeActivity('call', daysAgo(10), { personId: 'it' }),
        makeActivity('call', daysAgo(90), { personId: 'x' }),
      ],
      now: NOW,
      coldAfterDays: 30,
    });
    expect(c.gaps[0]).toMatchObject({ role: 'champion', candidateIds: ['ops', 'it'] });
  });

  it('marks who is on the deal, orders members by role then seniority, and skips repeated people', () => {
    const c = buildCommittee({
      people: [people[2]!, people[1]!, people[0]!, people[0]!],
      overrides: {},
      template: template(['economic-buyer']),
      activities: [],
      now: NOW,
      coldAfterDays: 30,
      onDealIds: ['it'],
    });
    expect(c.members.map((m) => m.personId)).toEqual(['cfo', 'it', 'ops']);
    expect(c.members.map((m) => m.onDeal)).toEqual([false, true, false]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../demo/generate';
import {
  type Account360Input,
  type HealthSignal,
  HEALTH_RULES,
  RENEWAL_RULES,
  account360,
  healthBand,
  renewalPhase,
} from './account360';
import { ACTIVITY_TYPES, type Account, type Activity, type Person, type Product } from '../entities';
import { type CommitteeConfig, DEFAULT_COMMITTEE_CONFIG } from '../committee/committeeConfig';
import { NOW, daysAgo, makeAccount, makeActivity, makePerson } from '../../../tests/support/records';

const product = (id: string, name: string, family: string, listPrice: number, unit: string): Product => ({
  id,
  name,
  family,
  listPrice,
  currency: 'EUR',
  unit,
  source: 'crm',
});
const CATALOG: Product[] = [
  product('core', 'Core', 'Platform', 480, 'seat/year'),
  product('analytics', 'Analytics', 'Analytics', 360, 'seat/year'),
  product('engage', 'Engagement', 'Engagement', 600, 'seat/year'),
  product('data', 'Data Enrichment', 'Data', 4800, 'pack of 10,000 credits/year'),
  product('support', 'Premium Support', 'Services', 12000, 'account/year'),
];

const customer = (fields: Partial<Account> = {}): Account =>
  makeAccount({ lifecycle: 'customer', industry: 'logistics', currency: 'EUR', ...fields });

// Two people talked to within the window, and a committee of one role Ana holds: no touch,
// threading, engagement or committee signal fires.
const QUIET_PEOPLE = [makePerson('ana', { fullName: 'Ana López', title: 'Jefa de Operaciones' }), makePerson('luis', { fullName: 'Luis Gil', title: 'Analista' })];
const QUIET_ACTIVITIES = [makeActivity('call', daysAgo(10), { personId: 'ana' }), makeActivity('email-replied', daysAgo(20), { personId: 'luis' })];

const ONE_ROLE: CommitteeConfig = {
  ...DEFAULT_COMMITTEE_CONFIG,
  templates: [{ id: 'one', label: { en: 'One role', es: 'Un rol' }, when: {}, required: ['champion'] }],
};

function input(fields: Partial<Account360Input> & { account?: Account } = {}): Account360Input {
  return {
    account: customer(),
    catalog: CATALOG,
    people: QUIET_PEOPLE,
    activities: QUIET_ACTIVITIES,
    roleOverrides: { ana: 'champion' },
    committee: ONE_ROLE,
    peers: [],
    now: NOW,
    ...fields,
  };
}

const health = (i: Account360Input) => account360(i).health!;
const signal = (i: Account360Input, key: HealthSignal['key']) => health(i).signals.find((s) => s.key === key);
const keys = (i: Account360Input) => health(i).signals.map((s) => s.key);

describe('account health', () => {
  it('starts at the neutral base with no signal', () => {
    expect(health(input())).toMatchObject({ score: HEALTH_RULES.base, band: 'healthy', signals: [] });
  });

  it.each([
    // [what, account health, key, points]
    ['usage just above the risk line', { usageTrend: -0.14 }, undefined, 0],
    ['usage down 15 %', { usageTrend: -0.15 }, 'usage-down', -6],
    ['usage down 50 %', { usageTrend: -0.5 }, 'usage-down', -20],
    ['usage down 100 % (capped)', { usageTrend: -1 }, 'usage-down', -25],
    ['usage just below the good line', { usageTrend: 0.14 }, undefined, 0],
    ['usage up 15 %', { usageTrend: 0.15 }, 'usage-up', 6],
    ['usage up 30 %', { usageTrend: 0.3 }, 'usage-up', 12],
    ['usage up 100 % (capped)', { usageTrend: 1 }, 'usage-up', 15],
    ['NPS 1', { nps: 1 }, undefined, 0],
    ['NPS 0', { nps: 0 }, 'nps-detractor', -10],
    ['NPS -35', { nps: -35 }, 'nps-detractor', -10],
    ['NPS 39', { nps: 39 }, undefined, 0],
    ['NPS 40', { nps: 40 }, 'nps-promoter', 8],
    ['CSAT 3.1', { csat: 3.1 }, undefined, 0],
    ['CSAT 3', { csat: 3 }, 'csat-low', -10],
    ['CSAT 1.5', { csat: 1.5 }, 'csat-low', -10],
    ['CSAT 4.4', { csat: 4.4 }, undefined, 0],
    ['CSAT 4.5', { csat: 4.5 }, 'csat-high', 6],
    ['no escalation', { openEscalations: 0 }, undefined, 0],
    ['1 escalation', { openEscalations: 1 }, 'escalations', -8],
    ['2 escalations', { openEscalations: 2 }, 'escalations', -16],
    ['5 escalations (capped)', { openEscalations: 5 }, 'escalations', -24],
    ['a bad number', { nps: Number.NaN, usageTrend: Number.POSITIVE_INFINITY }, undefined, 0],
  ] as const)('%s', (_what, h, key, points) => {
    const i = input({ account: customer({ health: h }) });
    const r = health(i);
    if (key === undefined) {
      expect(r.signals).toEqual([]);
    } else {
      expect(r.signals).toHaveLength(1);
      expect(r.signals[0]).toMatchObject({ key, points, tone: points > 0 ? 'good' : 'risk' });
    }
    expect(r.score).toBe(HEALTH_RULES.base + points);
  });

  it('words the metric signals in English and Spanish', () => {
    const i = input({ account: customer({ health: { usageTrend: -0.32, nps: -12, csat: 2.8, openEscalations: 2 } }) });
    const texts = Object.fromEntries(health(i).signals.map((s) => [s.key, s.text]));
    expect(texts['usage-down']).toEqual({ en: 'Usage down 32% over the last quarter', es: 'El uso ha bajado un 32\u00a0% en el último trimestre' });
    expect(texts['nps-detractor']).toEqual({ en: 'NPS of -12: more detractors than promoters', es: 'NPS de -12: hay más detractores que promotores' });
    expect(texts['csat-low']).toEqual({ en: 'Low satisfaction: CSAT 2.8 out of 5', es: 'Satisfacción baja: CSAT de 2,8 sobre 5' });
    expect(texts['escalations']).toEqual({ en: '2 open escalations', es: '2 escalados abiertos' });
    const good = input({ account: customer({ health: { usageTrend: 0.25, nps: 46, csat: 4.7 } }) });
    const goodTexts = Object.fromEntries(health(good).signals.map((s) => [s.key, s.text]));
    expect(goodTexts['usage-up']!.es).toBe('El uso ha subido un 25\u00a0% en el último trimestre');
    expect(goodTexts['nps-promoter']!.en).toBe('NPS of 46: promoters clearly outnumber detractors');
    expect(goodTexts['csat-high']).toEqual({ en: 'High satisfaction: CSAT 4.7 out of 5', es: 'Satisfacción alta: CSAT de 4,7 sobre 5' });
  });

  it.each([
    ['one ticket this month is ordinary use', 0, [5], undefined],
    ['three tickets this month', 0, [2, 9, 25], -6],
    ['old tickets do not count', 0, [31, 40, 60], undefined],
    ['an escalation and two tickets', 1, [1, 2], -11],
    ['escalations and tickets share one cap', 3, [1, 2, 3, 4], -24],
  ] as const)('escalations: %s', (_what, escalations, ticketDays, points) => {
    const tickets = ticketDays.map((d) => makeActivity('support-ticket', daysAgo(d), { personId: 'luis' }));
    const i = input({ account: customer({ health: { openEscalations: escalations } }), activities: [...QUIET_ACTIVITIES, ...tickets] });
    expect(signal(i, 'escalations')?.points).toBe(points);
  });

  it('words escalations together with the recent tickets', () => {
    const tickets = [3, 4, 5].map((d) => makeActivity('support-ticket', daysAgo(d)));
    const i = input({ account: customer({ health: { openEscalations: 1 } }), activities: [...QUIET_ACTIVITIES, ...tickets] });
    expect(signal(i, 'escalations')!.text).toEqual({
      en: '1 open escalation and 3 support tickets in the last 30 days',
      es: '1 escalado abierto y 3 tickets de soporte en los últimos 30 días',
    });
  });

  it.each([
    ['a call 59 days ago', [makeActivity('call', daysAgo(59), { personId: 'ana' })], false],
    ['a meeting 60 days ago', [makeActivity('meeting', daysAgo(60), { personId: 'ana' })], false],
    ['a reply 61 days ago', [makeActivity('email-replied', daysAgo(61), { personId: 'ana' })], true],
    ['only one-way e-mails and opens', [makeActivity('email-sent', daysAgo(2)), makeActivity('email-opened', daysAgo(1))], true],
    ['a meeting booked for next week', [makeActivity('meeting', daysAgo(-7), { personId: 'ana' })], true],
    ['nothing at all', [], true],
  ] as const)('no-recent-touch: %s → %s', (_what, activities, fires) => {
    const s = signal(input({ activities: [...activities] }), 'no-recent-touch');
    if (fires) expect(s).toMatchObject({ points: -12, tone: 'risk' });
    else expect(s).toBeUndefined();
  });

  it('says how long ago the last two-way contact was, or that there was none', () => {
    expect(signal(input({ activities: [makeActivity('call', daysAgo(75))] }), 'no-recent-touch')!.text).toEqual({
      en: 'No meeting, call or reply in the last 60 days (the last was 75 days ago)',
      es: 'Ninguna reunión, llamada ni respuesta en los últimos 60 días (la última fue hace 75 días)',
    });
    expect(signal(input({ activities: [] }), 'no-recent-touch')!.text.en).toBe('No meeting, call or reply on record');
  });

  it.each([
    ['a leaver we had activities with', { title: 'Analista' }, [makeActivity('note', daysAgo(200), { personId: 'gone' })], true],
    ['a CFO who left', { title: 'CFO' }, [], true],
    ['a Spanish director who left', { title: 'Directora de Operaciones' }, [], true],
    ['a Head of IT who left', { title: 'Head of IT' }, [], true],
    ['a junior leaver nobody talked to', { title: 'Analista de Datos' }, [], false],
    ['a leaver without a title nobody talked to', {}, [], false],
    ['a CFO still there', { title: 'CFO', leftCompany: false }, [], false],
  ] as const)('key-contact-left: %s → %s', (_what, fields, activities, fires) => {
    const gone = makePerson('gone', { fullName: 'Marta Ruiz', leftCompany: true, ...fields });
    const s = signal(input({ people: [...QUIET_PEOPLE, gone], activities: [...QUIET_ACTIVITIES, ...activities] }), 'key-contact-left');
    // a CFO is the economic buyer: losing the relationship's anchor costs more
    const points = 'title' in fields && fields.title === 'CFO' ? -HEALTH_RULES.keyContactLeft.anchorPoints : -HEALTH_RULES.keyContactLeft.points;
    if (fires) expect(s).toMatchObject({ points, tone: 'risk', personIds: ['gone'] });
    else expect(s).toBeUndefined();
  });

  it('names the key contacts who left, more of them cost more, up to a cap', () => {
    const leaver = (id: string, name: string, title?: string) => makePerson(id, { fullName: name, title, leftCompany: true });
    const one = input({ people: [...QUIET_PEOPLE, leaver('m', 'Marta Ruiz', 'Head of IT')] });
    expect(signal(one, 'key-contact-left')!.text).toEqual({ en: 'Marta Ruiz (Head of IT) has left the company', es: 'Marta Ruiz (Head of IT) ha dejado la empresa' });
    const two = input({ people: [...QUIET_PEOPLE, leaver('m', 'Marta Ruiz', 'Head of IT'), leaver('p', 'Pedro Sanz', 'VP of Sales')] });
    expect(signal(two, 'key-contact-left')).toMatchObject({
      points: -20,
      text: { en: 'Marta Ruiz (Head of IT) and Pedro Sanz (VP of Sales) have left the company', es: 'Marta Ruiz (Head of IT) y Pedro Sanz (VP of Sales) han dejado la empresa' },
    });
    const many = input({ people: [...QUIET_PEOPLE, leaver('a', 'A A', 'CFO'), leaver('b', 'B B', 'CEO'), leaver('c', 'C C', 'CTO'), leaver('d', 'D D', 'CIO')] });
    expect(signal(many, 'key-contact-left')).toMatchObject({
      points: -HEALTH_RULES.keyContactLeft.maxRisk,
      text: {
        en: 'A A (CFO, economic buyer), B B (CEO, economic buyer) and 2 more key contacts have left the company',
        es: 'A A (CFO, decisor económico), B B (CEO, decisor económico) y 2 contactos clave más han dejado la empresa',
      },
    });
  });

  it.each([
    ['nobody engaged (left to no-recent-touch)', [], undefined],
    ['one person engaged', ['ana'], 'single-threaded'],
    ['two people engaged', ['ana', 'luis'], undefined],
    ['three people engaged', ['ana', 'luis', 'eva'], 'engaged'],
    ['one person engaged many times', ['ana', 'ana', 'ana'], 'single-threaded'],
  ] as const)('threading: %s', (_what, who, key) => {
    const people = [...QUIET_PEOPLE, makePerson('eva', { fullName: 'Eva Mora' })];
    const activities = who.map((id, n) => makeActivity(n % 2 ? 'meeting' : 'call', daysAgo(5 + n), { personId: id }));
    const r = health(input({ people, activities }));
    const threading = r.signals.filter((s) => s.key === 'single-threaded' || s.key === 'engaged');
    expect(threading.map((s) => s.key)).toEqual(key ? [key] : []);
    if (key === 'single-threaded') {
      expect(threading[0]).toMatchObject({
        points: -8,
        personIds: ['ana'],
        text: { en: 'Single-threaded: Ana López is the only contact engaged in the last 90 days' },
      });
    }
    if (key === 'engaged') expect(threading[0]).toMatchObject({ points: 6, personIds: ['ana', 'eva', 'luis'], text: { es: '3 personas con contacto activo en los últimos 90 días' } });
  });

  it('counts engagement within 90 days from people still at the company, through two-way activities only', () => {
    const people = [...QUIET_PEOPLE, makePerson('eva', { leftCompany: true }), makePerson('old')];
    const activities = [
      makeActivity('meeting', daysAgo(5), { personId: 'ana' }),
      makeActivity('call', daysAgo(6), { personId: 'eva' }), // left the company
      makeActivity('email-opened', daysAgo(7), { personId: 'luis' }), // one-way
      makeActivity('meeting', daysAgo(91), { personId: 'old' }), // too old
    ];
    expect(signal(input({ people, activities }), 'single-threaded')?.personIds).toEqual(['ana']);
  });

  it('lists the signals most important first, risks before good news of the same weight', () => {
    const i = input({
      account: customer({ health: { usageTrend: -0.2, nps: 50, csat: 2.5, openEscalations: 3 } }),
      people: [...QUIET_PEOPLE, makePerson('cfo', { title: 'CFO', leftCompany: true })],
    });
    expect(keys(i)).toEqual(['escalations', 'key-contact-left', 'csat-low', 'usage-down', 'nps-promoter']);
    const points = health(i).signals.map((s) => Math.abs(s.points));
    expect(points).toEqual([...points].sort((a, b) => b - a));
  });

  it.each([
    [100, 'healthy'],
    [70, 'healthy'],
    [69, 'watch'],
    [45, 'watch'],
    [44, 'at-risk'],
    [0, 'at-risk'],
  ] as const)('a score of %i is %s', (score, band) => {
    expect(healthBand(score)).toBe(band);
  });

  it.each([
    ['the base', {}, 70, 'healthy'],
    ['a risk outweighed by good news', { usageTrend: -0.15, nps: 40 }, 72, 'healthy'], // -6 + 8
    ['just healthy', { usageTrend: 0.25, nps: 0 }, 70, 'healthy'], // +10 - 10
    ['one point under healthy', { usageTrend: 0.225, nps: 0 }, 69, 'watch'], // +9 - 10
    ['watch', { usageTrend: -0.15 }, 64, 'watch'],
    ['the bottom of watch', { usageTrend: -1 }, 45, 'watch'], // -25
    ['just at risk', { usageTrend: -0.2, csat: 3, openEscalations: 1 }, 44, 'at-risk'], // -8 - 10 - 8
    ['at risk', { usageTrend: -0.3, openEscalations: 2 }, 42, 'at-risk'],
    ['far down', { usageTrend: -1, nps: -60, csat: 1, openEscalations: 9 }, 1, 'at-risk'],
  ] as const)('band from signals: %s', (_what, h, score, band) => {
    expect(health(input({ account: customer({ health: h }) }))).toMatchObject({ score, band });
  });

  it('clamps the score to 0–100', () => {
    const worst = input({
      account: customer({ health: { usageTrend: -1, nps: -60, csat: 1, openEscalations: 9 } }),
      people: [makePerson('cfo', { title: 'CFO', leftCompany: true }), makePerson('ana')],
      activities: [makeActivity('call', daysAgo(80), { personId: 'ana' })],
    });
    expect(health(worst)).toMatchObject({ score: 0, band: 'at-risk' });
    const people = ['a', 'b', 'c'].map((id) => makePerson(id));
    const best = input({
      account: customer({ health: { usageTrend: 1, nps: 80, csat: 5, openEscalations: 0 } }),
      people,
      activities: people.map((p) => makeActivity('meeting', daysAgo(3), { personId: p.id })),
    });
    expect(health(best)).toMatchObject({ score: 100, band: 'healthy' });
  });

  it('is computed for customers and former customers only', () => {
    for (const lifecycle of ['customer', 'former-customer'] as const) expect(account360(input({ account: customer({ lifecycle }) })).health).toBeDefined();
    for (const lifecycle of ['prospect', 'partner'] as const) expect(account360(input({ account: customer({ lifecycle }) })).health).toBeUndefined();
  });
});

describe('health sees the relationship', () => {
  // Iberia as the issue tells it: a key account (the enterprise committee, six roles) where only
  // the CFO and the head of IT are engaged, the metrics all good.
  const iberia = () => {
    const people = [
      makePerson('mj', { fullName: 'María José García', title: 'Directora Financiera' }),
      makePerson('jc', { fullName: 'Juan Carlos Pérez', title: 'Director de Sistemas' }),
    ];
    const activities = [makeActivity('call', daysAgo(3), { personId: 'mj' }), makeActivity('meeting', daysAgo(12), { personId: 'jc' })];
    return input({
      account: customer({ keyAccount: true, employees: 850, health: { usageTrend: 0.18, nps: 46, csat: 4.5, openEscalations: 0 } }),
      people,
      activities,
      roleOverrides: {},
      committee: DEFAULT_COMMITTEE_CONFIG,
    });
  };

  it('a customer with two engaged contacts and 2 of 6 roles covered is not healthy on good metrics alone', () => {
    const h = health(iberia());
    const risks = h.signals.filter((s) => s.tone === 'risk');
    expect(risks.map((s) => s.key)).toEqual(['committee-gaps', 'thin-threaded']);
    expect(risks[0]!.text).toEqual({
      en: '2 of 6 committee roles covered: no champion, end user, procurement or legal',
      es: '2 de 6 roles del comité cubiertos: sin promotor (campeón), usuario final, responsable de compras ni asesoría legal',
    });
    expect(risks[0]!.points).toBe(-12);
    expect(risks[1]!.text.en).toBe('Only two people engaged in the last 90 days (Juan Carlos Pérez and María José García): one leaving halves the relationship');
    expect(h.signals.find((s) => s.key === 'buyer-engaged')).toMatchObject({ points: 4, personIds: ['mj'] });
    // 70 + 7 (usage) + 8 (NPS) + 6 (CSAT) + 4 (buyer) − 12 (committee) − 4 (threads)
    expect(h.score).toBe(79);
  });

  it('two engaged people are enough for a committee of two roles', () => {
    expect(keys(input({ committee: { ...DEFAULT_COMMITTEE_CONFIG } }))).not.toContain('thin-threaded');
  });

  it.each([
    // [what, economic buyer's last two-way contact (days ago, or none), key, points]
    ['met yesterday', 1, 'buyer-engaged', 4],
    ['called 30 days ago', 30, 'buyer-engaged', 4],
    ['called 45 days ago', 45, undefined, 0],
    ['replied 60 days ago', 60, undefined, 0],
    ['last met 61 days ago', 61, 'buyer-cold', -8],
    ['never', undefined, 'buyer-cold', -8],
  ] as const)("the economic buyer's last touch: %s", (_what, days, key, points) => {
    const cfo = makePerson('cfo', { fullName: 'Marta Ruiz', title: 'CFO' });
    const activities = [...QUIET_ACTIVITIES, ...(days === undefined ? [makeActivity('email-sent', daysAgo(2), { personId: 'cfo' })] : [makeActivity('meeting', daysAgo(days), { personId: 'cfo' })])];
    const i = input({ people: [...QUIET_PEOPLE, cfo], activities });
    const s = health(i).signals.filter((x) => x.key === 'buyer-cold' || x.key === 'buyer-engaged');
    expect(s.map((x) => [x.key, x.points])).toEqual(key ? [[key, points]] : []);
    if (key === 'buyer-cold' && days === undefined) {
      expect(s[0]!.text).toEqual({ en: 'The economic buyer, Marta Ruiz, has never met, called or replied', es: 'El decisor económico, Marta Ruiz, no ha tenido nunca una reunión, llamada ni respuesta' });
    }
    if (key === 'buyer-cold' && days === 61) expect(s[0]!.text.en).toBe('The economic buyer, Marta Ruiz, last met, called or replied 61 days ago');
  });

  it("the champion's last touch: cold after 30 days, the most recent champion counts", () => {
    const quietFor = (days: number) =>
      signal(input({ activities: [makeActivity('call', daysAgo(days), { personId: 'ana' }), makeActivity('email-replied', daysAgo(20), { personId: 'luis' })] }), 'champion-cold');
    expect(quietFor(30)).toBeUndefined();
    expect(quietFor(31)).toMatchObject({ points: -6, personIds: ['ana'], text: { en: 'The champion, Ana López, last met, called or replied 31 days ago' } });
    expect(quietFor(31)!.text.es).toBe('El promotor, Ana López, tuvo su última reunión, llamada o respuesta hace 31 días');
    // a second champion spoken to last week keeps the role warm
    const warm = input({
      roleOverrides: { ana: 'champion', luis: 'champion' },
      activities: [makeActivity('call', daysAgo(50), { personId: 'ana' }), makeActivity('email-replied', daysAgo(6), { personId: 'luis' })],
    });
    expect(signal(warm, 'champion-cold')).toBeUndefined();
  });

  it('a champion or economic buyer who left costs more, and the job change says where they went', () => {
    const gone = makePerson('gone', { fullName: 'Ana López', title: 'Jefa de Operaciones', leftCompany: true, companyName: 'Transportes Norte S.A.' });
    const i = input({ people: [gone, QUIET_PEOPLE[1]!], activities: [makeActivity('email-replied', daysAgo(20), { personId: 'luis' })], roleOverrides: { gone: 'champion' } });
    expect(signal(i, 'key-contact-left')).toMatchObject({
      points: -HEALTH_RULES.keyContactLeft.anchorPoints,
      text: {
        en: 'Ana López (Jefa de Operaciones, champion, now at Transportes Norte S.A.) has left the company',
        es: 'Ana López (Jefa de Operaciones, promotor (campeón), ahora en Transportes Norte S.A.) ha dejado la empresa',
      },
    });
    // and the role is now a gap
    expect(signal(i, 'committee-gaps')!.text.en).toBe('0 of 1 committee roles covered: no champion');
  });

  it('has a weekly trend over the quarter that ends at today’s score', () => {
    const h = health(iberia());
    const { points, everyDays } = HEALTH_RULES.trend;
    expect(h.trend.points).toHaveLength(points);
    expect(h.trend.points.at(-1)).toEqual({ at: NOW.toISOString(), score: h.score });
    expect(Date.parse(h.trend.points[0]!.at)).toBe(NOW.getTime() - (points - 1) * everyDays * 86_400_000);
    expect(h.trend.change).toBe(h.score - h.trend.points[0]!.score);
  });

  it('replays history: engagement built up over the quarter is a rise, a champion who left is a fall from that week', () => {
    // talked to three people only in the last month: before that, nobody → the score rose
    const people = [...QUIET_PEOPLE, makePerson('eva', { fullName: 'Eva Mora' })];
    const recent = ['ana', 'luis', 'eva'].map((id, n) => makeActivity('call', daysAgo(5 + n), { personId: id }));
    const rising = health(input({ people, activities: recent })).trend;
    expect(rising.direction).toBe('up');
    expect(rising.points[0]!.score).toBeLessThan(rising.points.at(-1)!.score);

    // the champion left three weeks ago (a job change): the points before are higher
    const calls = [makeActivity('call', daysAgo(100), { personId: 'ana' }), ...Array.from({ length: 14 }, (_, w) => makeActivity('email-replied', daysAgo(w * 7 + 1), { personId: 'luis' }))];
    const left = makePerson('ana', { fullName: 'Ana López', leftCompany: true, leftAt: daysAgo(21) });
    const falling = health(input({ people: [left, QUIET_PEOPLE[1]!], activities: calls, roleOverrides: { ana: 'champion' } })).trend;
    expect(falling.direction).toBe('down');
    const before = falling.points.filter((p) => Date.parse(p.at) < Date.parse(daysAgo(21)));
    const after = falling.points.filter((p) => Date.parse(p.at) >= Date.parse(daysAgo(21)));
    expect(Math.min(...before.map((p) => p.score))).toBeGreaterThan(Math.max(...after.map((p) => p.score)));
    // the same leaver with no known date weighs on every point: no fall to show
    const { leftAt: _unknown, ...undated } = left;
    expect(health(input({ people: [undated, QUIET_PEOPLE[1]!], activities: calls, roleOverrides: { ana: 'champion' } })).trend.direction).not.toBe('down');
  });
});

describe('renewal', () => {
  const inDays = (n: number) => daysAgo(-n);

  it.each([
    [-30, 'overdue'],
    [-1, 'overdue'],
    [0, 'now'],
    [30, 'now'],
    [31, 'prepare'],
    [90, 'prepare'],
    [91, 'plan'],
    [180, 'plan'],
    [181, 'later'],
    [500, 'later'],
  ] as const)('%i days left → %s', (days, phase) => {
    expect(renewalPhase(days)).toBe(phase);
    const r = account360(input({ account: customer({ renewalDate: inDays(days) }) })).renewal!;
    expect(r).toMatchObject({ daysLeft: days, phase, date: inDays(days).slice(0, 10) });
  });

  it('counts calendar days (UTC), whatever the time of day or the date format', () => {
    const at = (renewalDate: string) => account360(input({ account: customer({ renewalDate }) })).renewal;
    expect(at('2026-11-22')).toMatchObject({ daysLeft: 0, phase: 'now', date: '2026-11-22' }); // NOW is 10:00 that day
    expect(at('2026-11-21T23:59:00.000Z')).toMatchObject({ daysLeft: -1, phase: 'overdue' });
    expect(at('2026-11-23T00:00:00.000Z')).toMatchObject({ daysLeft: 1, date: '2026-11-23' });
    expect(at('2027-02-20')).toMatchObject({ daysLeft: 90, phase: 'prepare' });
    expect(at('not a date')).toBeUndefined();
    expect(account360(input()).renewal).toBeUndefined();
  });

  it.each([
    // [days left, days since the last meeting (undefined: never), key account, expected action (en)]
    [-5, 3, false, 'The renewal date has passed: confirm whether it renewed'],
    [20, 3, false, 'Confirm the renewal terms with the economic buyer (Carmen Vidal)'],
    [60, undefined, false, 'Book the quarterly business review'],
    [60, 91, false, 'Book the quarterly business review'],
    [60, 30, false, 'Prepare the renewal proposal, including any expansion that fits'],
    [150, 120, false, 'Book the quarterly business review'],
    [150, 30, false, undefined],
    [300, 120, false, undefined],
    [300, 120, true, 'Book the quarterly business review'],
    [300, 30, true, undefined],
  ] as const)('%i days left, last meeting %s days ago, key account %s → %s', (days, metDaysAgo, keyAccount, action) => {
    const people = [...QUIET_PEOPLE, makePerson('cfo', { fullName: 'Carmen Vidal', title: 'Directora Financiera' })];
    const meetings = metDaysAgo === undefined ? [] : [makeActivity('meeting', daysAgo(metDaysAgo), { personId: 'ana' })];
    const r = account360(input({ account: customer({ renewalDate: inDays(days), keyAccount }), people, activities: [...QUIET_ACTIVITIES, ...meetings] })).renewal!;
    expect(r.action?.en).toBe(action);
    if (action) expect(r.action!.es.length).toBeGreaterThan(10);
    expect(r.lastMeetingAt).toBe(metDaysAgo === undefined ? undefined : daysAgo(metDaysAgo));
  });

  it('words the renewal and its actions in both languages', () => {
    const status = (days: number, people: Person[] = QUIET_PEOPLE) =>
      account360(input({ account: customer({ renewalDate: inDays(days) }), people })).renewal!;
    expect(status(-1).text).toEqual({ en: 'The renewal date passed yesterday', es: 'La fecha de renovación pasó ayer' });
    expect(status(-12).text).toEqual({ en: 'The renewal date passed 12 days ago', es: 'La fecha de renovación pasó hace 12 días' });
    expect(status(-12).action!.es).toBe('La fecha de renovación ya pasó: confirma si se ha renovado');
    expect(status(0).text).toEqual({ en: 'Renews today', es: 'Se renueva hoy' });
    expect(status(1).text).toEqual({ en: 'Renews tomorrow', es: 'Se renueva mañana' });
    expect(status(20).text).toEqual({ en: 'Renews in 20 days', es: 'Se renueva dentro de 20 días' });
    expect(status(20).action).toEqual({
      en: 'Confirm the renewal terms with the economic buyer',
      es: 'Confirma las condiciones de la renovación con el decisor económico',
    });
    expect(status(20, [makePerson('x', { fullName: 'Old Boss', title: 'CEO', leftCompany: true })]).action!.en).not.toContain('Old Boss');
    expect(status(75).action).toEqual({ en: 'Book the quarterly business review', es: 'Agenda la revisión trimestral (QBR)' });
    expect(status(150).text).toEqual({ en: 'Renews in about 5 months', es: 'Se renueva en unos 5 meses' });
  });

  it('has phase limits in increasing order', () => {
    expect(RENEWAL_RULES.nowDays).toBeLessThan(RENEWAL_RULES.prepareDays);
    expect(RENEWAL_RULES.prepareDays).toBeLessThan(RENEWAL_RULES.planDays);
  });
});

describe('an account with no data', () => {
  it('a prospect: no health, no renewal, the whole catalogue as not owned', () => {
    const prospect = makeAccount();
    const r = account360({ account: prospect, catalog: CATALOG, people: [], activities: [], peers: [], now: NOW });
    expect(r.health).toBeUndefined();
    expect(r.renewal).toBeUndefined();
    // the matrix (whitespaceMatrix.test.ts): one unit, every recurring product whitespace, one-offs not applicable
    expect(r.matrix.units.map((u) => u.id)).toEqual([prospect.id]);
    expect(r.matrix.cells[0]!.map((c) => c.state)).toEqual(CATALOG.map(() => 'whitespace'));
  });

  it('a customer with nothing recorded is flagged for the missing contact and the empty committee', () => {
    const r = account360({ account: customer(), catalog: [], people: [], activities: [], peers: [], now: NOW });
    expect(r).toMatchObject({
      matrix: { products: [], cells: [[]], actions: [] },
      health: {
        score: 52,
        band: 'watch',
        signals: [
          expect.objectContaining({ key: 'no-recent-touch' }),
          expect.objectContaining({ key: 'committee-gaps', text: { en: '0 of 2 committee roles covered: no economic buyer or champion', es: '0 de 2 roles del comité cubiertos: sin decisor económico ni promotor (campeón)' } }),
        ],
        trend: { direction: 'flat', change: 0 },
      },
    });
  });
});

describe('properties', () => {
  const RUNS = { numRuns: 300 };
  const TITLES = ['CFO', 'Directora Financiera', 'Analista', 'Jefe de TI', 'Office Manager', undefined];
  const metricsArb = fc.record(
    {
      usageTrend: fc.double({ min: -1, max: 1, noNaN: true }),
      nps: fc.integer({ min: -100, max: 100 }),
      csat: fc.double({ min: 1, max: 5, noNaN: true }),
      openEscalations: fc.integer({ min: 0, max: 6 }),
    },
    { requiredKeys: [] },
  );
  const worldArb = fc.record({
    metrics: metricsArb,
    people: fc.array(fc.record({ title: fc.constantFrom(...TITLES), left: fc.boolean() }), { maxLength: 6 }),
    activities: fc.array(
      fc.record({ type: fc.constantFrom(...ACTIVITY_TYPES), days: fc.integer({ min: -10, max: 400 }), person: fc.nat({ max: 6 }) }),
      { maxLength: 25 },
    ),
  });
  type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;
  const toInput = (w: World, health: Account['health'] = w.metrics): Account360Input => {
    const people = w.people.map((p, i) => makePerson(`p${i}`, { title: p.title, leftCompany: p.left || undefined }));
    const activities: Activity[] = w.activities.map((a, i) => ({
      id: `a${i}`,
      type: a.type,
      at: daysAgo(a.days),
      source: 'crm',
      ...(a.person < people.length ? { personId: people[a.person]!.id } : {}),
    }));
    return input({ account: customer({ health }), people, activities });
  };

  it('the score is an integer in 0–100: the base plus the signals, clamped; its band and signal tones agree', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const h = health(toInput(w));
        expect(Number.isInteger(h.score)).toBe(true);
        expect(h.score).toBeGreaterThanOrEqual(0);
        expect(h.score).toBeLessThanOrEqual(100);
        const sum = h.signals.reduce((s, x) => s + x.points, 0);
        expect(h.score).toBe(Math.max(0, Math.min(100, HEALTH_RULES.base + sum)));
        expect(h.band).toBe(healthBand(h.score));
        for (const s of h.signals) {
          expect(s.points).not.toBe(0);
          expect(s.tone).toBe(s.points > 0 ? 'good' : 'risk');
          expect(`${s.text.en} ${s.text.es}`).not.toMatch(/undefined|NaN|null/);
        }
        expect(new Set(h.signals.map((s) => s.key)).size).toBe(h.signals.length);
      }),
      RUNS,
    );
  });

  it('the trend has its fixed dates, ends at today’s score and its direction agrees with its change', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { score, trend } = health(toInput(w));
        expect(trend.points).toHaveLength(HEALTH_RULES.trend.points);
        expect(trend.points.at(-1)!.score).toBe(score);
        for (const p of trend.points) expect(Number.isInteger(p.score) && p.score >= 0 && p.score <= 100).toBe(true);
        for (let i = 1; i < trend.points.length; i++) expect(trend.points[i]!.at > trend.points[i - 1]!.at).toBe(true);
        expect(trend.change).toBe(score - trend.points[0]!.score);
        const flat = HEALTH_RULES.trend.flatWithin;
        expect(trend.direction).toBe(trend.change > flat ? 'up' : trend.change < -flat ? 'down' : 'flat');
      }),
      RUNS,
    );
  });

  it('a point in the past does not see what happened after it', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 12 }), (w, weeks) => {
        const i = toInput(w);
        const then = new Date(NOW.getTime() - weeks * 7 * 86_400_000);
        const past = health(i).trend.points.at(-1 - weeks)!;
        // the same account computed on that date, with only the activities it had then
        const asThen = health({ ...i, now: then, activities: i.activities.filter((a) => Date.parse(a.at) <= then.getTime()) });
        expect(past.score).toBe(asThen.score);
      }),
      { numRuns: 100 },
    );
  });

  it('better metrics (a positive signal) never lower the score', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.constantFrom('usageTrend', 'nps', 'csat', 'openEscalations'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (w, metric, step) => {
          const m = { ...w.metrics };
          const value = m[metric];
          fc.pre(value !== undefined);
          const before = health(toInput(w)).score;
          if (metric === 'usageTrend') m.usageTrend = Math.min(1, value! + step);
          else if (metric === 'nps') m.nps = Math.min(100, value! + Math.round(step * 60));
          else if (metric === 'csat') m.csat = Math.min(5, value! + step * 2);
          else m.openEscalations = Math.max(0, value! - 1);
          expect(health(toInput(w, m)).score).toBeGreaterThanOrEqual(before);
          const best = { usageTrend: 1, nps: 100, csat: 5, openEscalations: 0 };
          expect(health(toInput(w, best)).score).toBeGreaterThanOrEqual(before);
        },
      ),
      RUNS,
    );
  });

  it('adding a good signal never lowers the score, adding a risk never raises it', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const base = toInput(w);
        const before = health(base).score;
        const withGood = { ...base, account: customer({ health: { ...w.metrics, csat: 5 } }) };
        const withRisk = { ...base, account: customer({ health: { ...w.metrics, openEscalations: (w.metrics.openEscalations ?? 0) + 1 } }) };
        expect(health(withGood).score).toBeGreaterThanOrEqual(before);
        expect(health(withRisk).score).toBeLessThanOrEqual(before);
      }),
      RUNS,
    );
  });
});

describe('the demo workspace', () => {
  it('Iberia Logística, a key account talking to two people, shows its thin relationship and a trend', () => {
    const ws = generateDemoWorkspace({ now: NOW });
    const account = ws.accounts.find((a) => a.id === 'demo-acc-0001')!;
    const people = ws.people.filter((p) => p.accountId === account.id);
    const ids = new Set(people.map((p) => p.id));
    const activities = ws.activities.filter((a) => a.accountId === account.id || (a.personId !== undefined && ids.has(a.personId)));
    const h = account360({ account, catalog: ws.products, people, activities, peers: ws.accounts, now: NOW }).health!;
    expect(h.signals.filter((s) => s.tone === 'risk').map((s) => s.key)).toEqual(expect.arrayContaining(['committee-gaps', 'thin-threaded']));
    expect(h.score).toBeLessThan(85);
    expect(h.trend.points).toHaveLength(HEALTH_RULES.trend.points);
  });

  it('gives every customer account a sane 360, and health scores spread across the bands', () => {
    const ws = generateDemoWorkspace({ now: NOW });
    const peopleOf = new Map<string, Person[]>();
    for (const p of ws.people) if (p.accountId) peopleOf.set(p.accountId, [...(peopleOf.get(p.accountId) ?? []), p]);
    const accountOfPerson = new Map(ws.people.map((p) => [p.id, p.accountId]));
    const activitiesOf = new Map<string, Activity[]>();
    for (const a of ws.activities) {
      const id = a.accountId ?? (a.personId ? accountOfPerson.get(a.personId) : undefined);
      if (id) activitiesOf.set(id, [...(activitiesOf.get(id) ?? []), a]);
    }
    const bands = { healthy: 0, watch: 0, 'at-risk': 0 };
    const signalKeys = new Set<string>();
    const phases = new Set<string>();
    let customers = 0;
    for (const account of ws.accounts) {
      const r = account360({
        account,
        catalog: ws.products,
        people: peopleOf.get(account.id) ?? [],
        activities: activitiesOf.get(account.id) ?? [],
        peers: ws.accounts,
        now: NOW,
      });
      expect(JSON.stringify(r)).not.toMatch(/undefined|NaN|null/);
      const own = r.matrix.cells[0]!;
      expect(own).toHaveLength(ws.products.length);
      expect(own.filter((c) => c.state === 'owned').length).toBe(new Set(account.products.filter((p) => !p.endedAt).map((p) => p.productId)).size);
      for (const c of own) if (c.state === 'whitespace') expect(c.propensity >= 0 && c.propensity <= 1).toBe(true);
      if (account.lifecycle !== 'customer') {
        if (account.lifecycle === 'prospect') expect(r.health).toBeUndefined();
        continue;
      }
      customers++;
      const h = r.health!;
      expect(Number.isInteger(h.score) && h.score >= 0 && h.score <= 100).toBe(true);
      bands[h.band]++;
      for (const s of h.signals) signalKeys.add(s.key);
      expect(r.renewal).toBeDefined();
      phases.add(r.renewal!.phase);
      expect(r.renewal!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(customers).toBeGreaterThan(50);
    // not everything in one band: every band holds at least 5 % of the customers, none more than 80 %
    for (const n of Object.values(bands)) {
      expect(n).toBeGreaterThanOrEqual(customers * 0.05);
      expect(n).toBeLessThanOrEqual(customers * 0.8);
    }
    expect(signalKeys.size).toBeGreaterThanOrEqual(8);
    expect(phases.size).toBeGreaterThanOrEqual(3);
  });
});

describe('ARR left out (a currency the CRM gives no rate for)', () => {
  it('is in the view with the CRM whose deals they are, and absent when nothing was left out', () => {
    const leftOut = customer({ arrNotConverted: [{ currency: 'MXN', arr: 120_000 }], crmRefs: [{ system: 'pipedrive', objectType: 'organization', id: '7' }] });
    expect(account360(input({ account: leftOut })).arrNotConverted).toEqual({ items: [{ currency: 'MXN', arr: 120_000 }], crm: 'pipedrive' });
    expect(account360(input()).arrNotConverted).toBeUndefined();
  });
});

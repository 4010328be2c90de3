// The cast: fixed demo records that fixture pages and end-to-end tests rely on. They are created
// first, with fixed ids and CRM ids; only their dates move with `now`.
import {
  type Account,
  type Activity,
  type ActivityType,
  type Deal,
  type Person,
  crmKey,
} from '../domain/entities';
import { linkedinKey, nameKey } from '../text/normalize';
import type { AccountPlan } from '../domain/account/keyAccount';

import { CAST_RESERVED, DEMO_CAST, DEMO_HUBSPOT_PORTAL } from './castData';

export { CAST_RESERVED, DEMO_CAST, DEMO_HUBSPOT_PORTAL };

const DAY = 86_400_000;
const MINUTE = 60_000;

export interface CastRecords {
  accounts: Account[];
  people: Person[];
  deals: Deal[];
  /** without ids: the generator numbers them */
  activities: Omit<Activity, 'id'>[];
  /** Iberia's account plan, partly done: what the key-account checklist shows */
  accountPlans: AccountPlan[];
}

const hubspot = (objectType: string, id: string) => [{ system: 'hubspot' as const, objectType, id }];

/** The cast's records for a given `now`. lastActivityAt is left to the generator. */
export function buildCast(now: Date): CastRecords {
  const t = now.getTime();
  const ago = (days: number, minutes = 0) => new Date(t - days * DAY + minutes * MINUTE).toISOString();
  const ahead = (days: number) => new Date(t + days * DAY).toISOString();
  const { iberia, northwind } = DEMO_CAST.accounts;
  const { mariaJose, juanCarlos, sarah, andres, carmen, mariaJoseDuplicate: dup } = DEMO_CAST.people;
  const { iberiaAnalytics, iberiaRenewal, northwindDiscovery } = DEMO_CAST.deals;

  const accounts: Account[] = [
    {
      id: iberia.id,
      name: iberia.name,
      nameKey: nameKey(iberia.name),
      domain: iberia.domain,
      industry: iberia.industry,
      employees: iberia.employees,
      country: iberia.country,
      city: iberia.city,
      lifecycle: iberia.lifecycle,
      tier: iberia.tier,
      keyAccount: true,
      ownerId: iberia.ownerId,
      marketingOwnerId: 'demo-user-09',
      linkedinUrl: iberia.linkedinUrl,
      linkedinKey: linkedinKey(iberia.linkedinUrl),
      // a year ago: 90 seats of the core product and Data Enrichment, cancelled 100 days ago;
      // 20 seats more since, sold as an add-on (retention: expansion, "from add-ons", and churn)
      products: [
        { productId: 'demo-prod-01', since: ago(1100), seats: 110, arr: 48000, startArr: 39300, changes: [{ at: ago(200), arr: 48000, seats: 110, via: 'add-on' }] },
        { productId: 'demo-prod-06', since: ago(730), arr: 12000 },
        { productId: 'demo-prod-04', since: ago(500), startArr: 4800, endedAt: ago(100) },
      ],
      renewalDate: ahead(iberia.renewalInDays),
      arr: 60000,
      currency: 'EUR',
      health: { usageTrend: 0.18, nps: 46, csat: 4.5, openEscalations: 0 },
      crmRefs: hubspot('0-2', iberia.hubspotId),
      crmKeys: [crmKey('hubspot', 'account', iberia.hubspotId)],
      createdAt: ago(1150),
      updatedAt: ago(3),
      source: 'demo',
    },
    {
      id: northwind.id,
      name: northwind.name,
      nameKey: nameKey(northwind.name),
      domain: northwind.domain,
      industry: northwind.industry,
      employees: 1200,
      country: northwind.country,
      city: northwind.city,
      lifecycle: northwind.lifecycle,
      tier: northwind.tier,
      keyAccount: false,
      ownerId: northwind.ownerId,
      marketingOwnerId: 'demo-user-13',
      linkedinUrl: northwind.linkedinUrl,
      linkedinKey: linkedinKey(northwind.linkedinUrl),
      products: [],
      currency: 'USD',
      crmRefs: hubspot('0-2', northwind.hubspotId),
      crmKeys: [crmKey('hubspot', 'account', northwind.hubspotId)],
      createdAt: ago(400),
      updatedAt: ago(44),
      source: 'demo',
    },
  ];

  // Iberia's units: logistics like their parent, owned by its account manager, no activity of their own
  for (const u of DEMO_CAST.iberiaUnits) {
    accounts.push({
      id: u.id,
      name: u.name,
      nameKey: nameKey(u.name),
      domain: u.domain,
      industry: iberia.industry,
      employees: u.employees,
      country: u.country,
      city: u.city,
      lifecycle: u.lifecycle,
      keyAccount: false,
      ownerId: iberia.ownerId,
      parentId: iberia.id,
      linkedinUrl: u.linkedinUrl,
      linkedinKey: linkedinKey(u.linkedinUrl),
      products: u.products.map((o) => ({ productId: o.productId, since: ago(o.sinceDaysAgo), ...('seats' in o ? { seats: o.seats } : {}), arr: o.arr })),
      ...('renewalInDays' in u ? { renewalDate: ahead(u.renewalInDays), arr: u.products.reduce((s, o) => s + o.arr, 0) } : {}),
      currency: 'EUR',
      ...(u.lifecycle === 'customer' ? { health: { usageTrend: 0.05, nps: 30, csat: 4.1, openEscalations: 0 } } : {}),
      crmRefs: hubspot('0-2', u.hubspotId),
      crmKeys: [crmKey('hubspot', 'account', u.hubspotId)],
      createdAt: ago(700),
      updatedAt: ago(20),
      source: 'demo',
    });
  }

  const person = (
    p: {
      id: string;
      kind: 'contact' | 'lead';
      firstName: string;
      lastName: string;
      fullName: string;
      title: string;
      email: string;
      hubspotId: string;
      ownerId: string;
      phone?: string;
      linkedinUrl?: string;
      accountId?: string;
      companyName?: string;
      leadStatus?: Person['leadStatus'];
    },
    place: { country: string; city?: string },
    createdAt: string,
    updatedAt: string,
  ): Person => ({
    id: p.id,
    kind: p.kind,
    firstName: p.firstName,
    lastName: p.lastName,
    fullName: p.fullName,
    nameKey: nameKey(p.fullName),
    title: p.title,
    emails: [p.email],
    ...(p.phone !== undefined && { phone: p.phone }),
    ...(p.linkedinUrl !== undefined && { linkedinUrl: p.linkedinUrl, linkedinKey: linkedinKey(p.linkedinUrl) }),
    ...(p.accountId !== undefined && { accountId: p.accountId }),
    ...(p.companyName !== undefined && { companyName: p.companyName }),
    country: place.country,
    ...(place.city !== undefined && { city: place.city }),
    ownerId: p.ownerId,
    ...(p.leadStatus !== undefined && { leadStatus: p.leadStatus }),
    crmRefs: hubspot('0-1', p.hubspotId),
    crmKeys: [crmKey('hubspot', 'person', p.hubspotId)],
    createdAt,
    updatedAt,
    source: 'demo',
  });

  const people: Person[] = [
    person(mariaJose, { country: 'Spain', city: 'Madrid' }, ago(1100), ago(3)),
    person(juanCarlos, { country: 'Spain', city: 'Madrid' }, ago(900), ago(12)),
    person(sarah, { country: 'United States', city: 'Chicago' }, ago(150), ago(45)),
    person(andres, { country: 'Colombia', city: 'Bogotá' }, ago(andres.createdDaysAgo), ago(andres.createdDaysAgo)),
    person(dup, { country: 'Spain' }, ago(dup.createdDaysAgo), ago(dup.createdDaysAgo)),
    person(carmen, { country: 'Spain', city: 'Zaragoza' }, ago(300), ago(9)),
  ];

  const deal = (
    d: {
      id: string;
      name: string;
      stage: Deal['stage'];
      amount?: number;
      currency: string;
      accountId: string;
      contactIds: readonly string[];
      ownerId: string;
      productIds: readonly string[];
      hubspotId: string;
    },
    closeDate: string,
    bant: NonNullable<Deal['bant']>,
    createdAt: string,
    updatedAt: string,
    stageChanges?: Deal['stageChanges'],
  ): Deal => ({
    id: d.id,
    name: d.name,
    accountId: d.accountId,
    contactIds: [...d.contactIds],
    ownerId: d.ownerId,
    stage: d.stage,
    ...(d.amount !== undefined && { amount: d.amount }),
    currency: d.currency,
    closeDate,
    productIds: [...d.productIds],
    ...(stageChanges ? { stageChanges } : {}),
    bant,
    crmRefs: hubspot('0-3', d.hubspotId),
    crmKeys: [crmKey('hubspot', 'deal', d.hubspotId)],
    createdAt,
    updatedAt,
    source: 'demo',
  });

  const deals: Deal[] = [
    deal(
      iberiaAnalytics,
      ahead(35),
      { budget: 'partial', authority: 'confirmed', need: 'confirmed', timing: 'partial' },
      ago(80),
      ago(12),
      // the proposal went out 30 days ago, after the discovery meeting
      [
        { at: ago(62), from: 'discovery', to: 'qualification' },
        { at: ago(30), from: 'qualification', to: 'proposal' },
      ],
    ),
    deal(
      iberiaRenewal,
      ahead(iberia.renewalInDays - 10),
      { budget: 'confirmed', authority: 'confirmed', need: 'confirmed', timing: 'partial' },
      ago(40),
      ago(3),
      // into negotiation with this week's call: what moved, for the weekly ABM review
      [
        { at: ago(16), from: 'qualification', to: 'proposal' },
        { at: ago(3), from: 'proposal', to: 'negotiation' },
      ],
    ),
    deal(
      DEMO_CAST.deals.iberiaFrioEngagement,
      ahead(60),
      { budget: 'partial', authority: 'unknown', need: 'confirmed', timing: 'partial' },
      ago(25),
      ago(9),
    ),
    deal(
      northwindDiscovery,
      ahead(90),
      { budget: 'unknown', authority: 'unknown', need: 'partial', timing: 'unknown' },
      ago(80),
      ago(45),
    ),
  ];

  type Row = [days: number, minutes: number, type: ActivityType, personId: string, accountId: string | undefined, dealId: string | undefined, ownerId: string, subject: string];
  const I = iberia.id;
  const rows: Row[] = [
    // María José García López (CFO, economic buyer)
    [300, 0, 'meeting', mariaJose.id, I, undefined, 'demo-user-01', 'Revisión trimestral de negocio (QBR)'],
    [210, 0, 'email-sent', mariaJose.id, I, undefined, 'demo-user-01', 'Resumen del QBR y próximos pasos'],
    [160, 0, 'webinar-attended', mariaJose.id, I, undefined, 'demo-user-01', 'Webinar: previsión de demanda con Analytics'],
    [95, 0, 'case-study-download', mariaJose.id, I, undefined, 'demo-user-01', 'Descargó: caso de éxito en logística'],
    [62, 0, 'meeting', mariaJose.id, I, iberiaAnalytics.id, 'demo-user-01', 'Reunión de descubrimiento: analítica de rutas y costes'],
    [41, 0, 'pricing-page-visit', mariaJose.id, I, undefined, 'demo-user-01', 'Página de precios: Analytics'],
    [30, 0, 'email-sent', mariaJose.id, I, iberiaAnalytics.id, 'demo-user-01', 'Propuesta Ampliación Analytics'],
    [21, 0, 'email-replied', mariaJose.id, I, iberiaAnalytics.id, 'demo-user-01', 'RE: Propuesta Ampliación Analytics'],
    [16, 0, 'meeting', mariaJose.id, I, iberiaRenewal.id, 'demo-user-01', 'Revisión de condiciones de renovación'],
    [8, 0, 'email-sent', mariaJose.id, I, iberiaRenewal.id, 'demo-user-01', 'Borrador del contrato de renovación 2027'],
    [3, 0, 'call', mariaJose.id, I, iberiaRenewal.id, 'demo-user-01', 'Llamada: negociación de la renovación'],
    // Juan Carlos Pérez Ruiz (IT director, technical evaluator)
    [180, 0, 'support-ticket', juanCarlos.id, I, undefined, 'demo-user-07', 'Ticket #48213: error de sincronización con el CRM'],
    [74, 0, 'meeting', juanCarlos.id, I, iberiaAnalytics.id, 'demo-user-01', 'Demo técnica de Analytics'],
    [44, 0, 'email-sent', juanCarlos.id, I, iberiaAnalytics.id, 'demo-user-02', 'Requisitos técnicos de integración (SSO y API)'],
    [12, 0, 'meeting', juanCarlos.id, I, iberiaAnalytics.id, 'demo-user-02', 'Validación técnica: arquitectura de integración'],
    // a support ticket five hours ago, not yet answered: the key-account response SLA (12 h)
    [0, -300, 'support-ticket', juanCarlos.id, I, undefined, 'demo-user-07', 'Ticket #51877: el SSO rechaza a los usuarios de Iberia Frío'],
    // Sarah Mitchell (Northwind, untouched for 45 days)
    [130, 0, 'webinar-attended', sarah.id, northwind.id, undefined, 'demo-user-03', 'Webinar: forecasting for logistics teams'],
    [95, 0, 'email-opened', sarah.id, northwind.id, undefined, 'demo-user-03', 'Opened: Northwind + Dealside: intro'],
    [75, 0, 'call', sarah.id, northwind.id, northwindDiscovery.id, 'demo-user-03', 'Discovery call: pipeline visibility'],
    [45, 0, 'email-sent', sarah.id, northwind.id, northwindDiscovery.id, 'demo-user-03', 'Follow-up: discovery notes and next steps'],
    // Andrés Felipe Gómez (new lead, no account)
    [andres.createdDaysAgo, 0, 'form-submitted', andres.id, undefined, undefined, andres.ownerId, 'Formulario: solicitar una demo'],
    [andres.createdDaysAgo, 6, 'pricing-page-visit', andres.id, undefined, undefined, andres.ownerId, 'Visitó la página de precios'],
    // Maria Jose Garcia (duplicate lead of María José)
    [dup.createdDaysAgo, 0, 'form-submitted', dup.id, undefined, undefined, dup.ownerId, 'Formulario: descargar guía'],
    [dup.createdDaysAgo, 2, 'case-study-download', dup.id, undefined, undefined, dup.ownerId, 'Descargó: caso de éxito en logística'],
  ];

  const activities = rows
    .map(([days, minutes, type, personId, accountId, dealId, ownerId, subject]) => ({
      at: ago(days, minutes),
      row: { type, subject, personId, accountId, dealId, ownerId },
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map(({ at, row }): Omit<Activity, 'id'> => ({
      type: row.type,
      at,
      subject: row.subject,
      personId: row.personId,
      ...(row.accountId !== undefined && { accountId: row.accountId }),
      ...(row.dealId !== undefined && { dealId: row.dealId }),
      ownerId: row.ownerId,
      source: 'demo',
    }));

  // Iberia's account plan, half done: profile, needs and commitments written down, the manager from
  // the CRM; the last quarterly review (the QBR meeting above) is overdue; audience, value-adds and
  // the alignment meeting are missing.
  const accountPlans: AccountPlan[] = [
    {
      accountId: iberia.id,
      items: {
        profile: { note: 'Operador logístico de 850 personas; 3 unidades (España, Portugal, frío); crecer en frío y última milla en 2027', at: ago(280), by: iberia.ownerId },
        needs: { note: 'Reducir un 12 % los kilómetros en vacío y prever la demanda por ruta', at: ago(62), by: iberia.ownerId },
        commitments: { note: 'Respuesta en 12 h laborables; disponibilidad del 99,9 %; revisión del contrato con finanzas cada trimestre', at: ago(300), by: iberia.ownerId },
        review: { at: ago(300), by: iberia.ownerId },
      },
      updatedAt: ago(62),
    },
  ];

  return { accounts, people, deals, activities, accountPlans };
}

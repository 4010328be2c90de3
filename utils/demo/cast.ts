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

export const DEMO_HUBSPOT_PORTAL = '4481234';

const DAY = 86_400_000;
const MINUTE = 60_000;

export const DEMO_CAST = {
  hubspotPortal: DEMO_HUBSPOT_PORTAL,
  /** A LinkedIn fixture's person who is not in the CRM: must not exist anywhere in the data. */
  absentPersonName: 'Ana Belén Soto',
  users: {
    lucia: { id: 'demo-user-01', name: 'Lucía Fernández' },
    diego: { id: 'demo-user-02', name: 'Diego Morales' },
    emily: { id: 'demo-user-03', name: 'Emily Carter' },
    javier: { id: 'demo-user-04', name: 'Javier Romero' },
  },
  accounts: {
    iberia: {
      id: 'demo-acc-0001',
      name: 'Iberia Logística S.L.',
      domain: 'iberialogistica.es',
      industry: 'logistics',
      employees: 850,
      city: 'Madrid',
      country: 'Spain',
      tier: 'tier-1',
      lifecycle: 'customer',
      hubspotId: '90001',
      linkedinUrl: 'https://www.linkedin.com/company/iberia-logistica',
      ownerId: 'demo-user-01',
      /** renewal date, days after now */
      renewalInDays: 120,
      productIds: ['demo-prod-01', 'demo-prod-06'],
    },
    northwind: {
      id: 'demo-acc-0002',
      name: 'Northwind Logistics Inc.',
      domain: 'northwindlogistics.com',
      industry: 'logistics',
      city: 'Chicago',
      country: 'United States',
      tier: 'tier-2',
      lifecycle: 'prospect',
      hubspotId: '90002',
      linkedinUrl: 'https://www.linkedin.com/company/northwind-logistics',
      ownerId: 'demo-user-03',
    },
  },
  /**
   * Iberia's business units (child accounts), for the whitespace matrix: a customer in Portugal
   * with the core product, a cold-chain unit with an open deal, a small prospect in the Canaries.
   */
  iberiaUnits: [
    {
      id: 'demo-acc-0003',
      name: 'Iberia Logística Portugal, Lda.',
      linkedinUrl: 'https://www.linkedin.com/company/iberia-logistica-portugal',
      domain: 'iberialogistica.pt',
      employees: 180,
      city: 'Lisboa',
      country: 'Portugal',
      lifecycle: 'customer',
      hubspotId: '90003',
      renewalInDays: 200,
      products: [{ productId: 'demo-prod-01', sinceDaysAgo: 600, seats: 25, arr: 10_800 }],
    },
    {
      id: 'demo-acc-0004',
      name: 'Iberia Frío S.L.',
      linkedinUrl: 'https://www.linkedin.com/company/iberia-frio',
      domain: 'iberiafrio.es',
      employees: 320,
      city: 'Zaragoza',
      country: 'Spain',
      lifecycle: 'customer',
      hubspotId: '90004',
      renewalInDays: 75,
      products: [
        { productId: 'demo-prod-01', sinceDaysAgo: 420, seats: 40, arr: 17_300 },
        { productId: 'demo-prod-04', sinceDaysAgo: 300, arr: 4_300 },
      ],
    },
    {
      id: 'demo-acc-0005',
      name: 'Iberia Logística Canarias S.L.',
      linkedinUrl: 'https://www.linkedin.com/company/iberia-logistica-canarias',
      domain: 'iberialogistica-canarias.es',
      employees: 60,
      city: 'Las Palmas de Gran Canaria',
      country: 'Spain',
      lifecycle: 'prospect',
      hubspotId: '90005',
      products: [],
    },
  ],
  people: {
    mariaJose: {
      id: 'demo-per-0001',
      kind: 'contact',
      firstName: 'María José',
      lastName: 'García López',
      fullName: 'María José García López',
      title: 'Directora Financiera',
      email: 'maria.jose.garcia@iberialogistica.es',
      phone: '+34 612 345 678',
      linkedinUrl: 'https://www.linkedin.com/in/mariajosegarcialopez',
      hubspotId: '51001',
      ownerId: 'demo-user-01',
      accountId: 'demo-acc-0001',
      lastActivityDaysAgo: 3,
      lastActivityType: 'call',
    },
    juanCarlos: {
      id: 'demo-per-0002',
      kind: 'contact',
      firstName: 'Juan Carlos',
      lastName: 'Pérez Ruiz',
      fullName: 'Juan Carlos Pérez Ruiz',
      title: 'Director de Sistemas',
      email: 'juancarlos.perez@iberialogistica.es',
      linkedinUrl: 'https://www.linkedin.com/in/jcperezruiz',
      hubspotId: '51002',
      ownerId: 'demo-user-02',
      accountId: 'demo-acc-0001',
      lastActivityDaysAgo: 12,
      lastActivityType: 'meeting',
    },
    sarah: {
      id: 'demo-per-0003',
      kind: 'contact',
      firstName: 'Sarah',
      lastName: 'Mitchell',
      fullName: 'Sarah Mitchell',
      title: 'VP of Operations',
      email: 'sarah.mitchell@northwindlogistics.com',
      linkedinUrl: 'https://www.linkedin.com/in/sarah-mitchell-ops',
      hubspotId: '51003',
      ownerId: 'demo-user-03',
      accountId: 'demo-acc-0002',
      lastActivityDaysAgo: 45,
      lastActivityType: 'email-sent',
    },
    andres: {
      id: 'demo-per-0004',
      kind: 'lead',
      leadStatus: 'new',
      firstName: 'Andrés Felipe',
      lastName: 'Gómez',
      fullName: 'Andrés Felipe Gómez',
      title: 'Gerente de Compras',
      companyName: 'Transportes Andinos S.A.S.',
      email: 'andres.gomez@transportesandinos.com.co',
      phone: '+57 310 555 1234',
      linkedinUrl: 'https://www.linkedin.com/in/andresfelipegomez',
      hubspotId: '51004',
      ownerId: 'demo-user-02',
      createdDaysAgo: 2,
    },
    /** operations at Iberia Frío, one of Iberia's units: the contact on its open deal */
    carmen: {
      id: 'demo-per-0006',
      kind: 'contact',
      firstName: 'Carmen',
      lastName: 'Ortiz Vidal',
      fullName: 'Carmen Ortiz Vidal',
      title: 'Directora de Operaciones',
      email: 'carmen.ortiz@iberiafrio.es',
      hubspotId: '51006',
      ownerId: 'demo-user-01',
      accountId: 'demo-acc-0004',
    },
    /** a deliberate duplicate of María José: typed into a web form, no accents, one surname */
    mariaJoseDuplicate: {
      id: 'demo-per-0005',
      kind: 'lead',
      leadStatus: 'new',
      firstName: 'Maria Jose',
      lastName: 'Garcia',
      fullName: 'Maria Jose Garcia',
      title: 'CFO',
      companyName: 'Iberia Logistica',
      email: 'mjgarcia@gmail.com',
      hubspotId: '51005',
      ownerId: 'demo-user-04',
      createdDaysAgo: 20,
    },
  },
  deals: {
    iberiaAnalytics: {
      id: 'demo-deal-0001',
      name: 'Iberia Logística — Ampliación Analytics',
      stage: 'proposal',
      amount: 48000,
      currency: 'EUR',
      accountId: 'demo-acc-0001',
      contactIds: ['demo-per-0001', 'demo-per-0002'],
      ownerId: 'demo-user-01',
      productIds: ['demo-prod-02'],
      // HubSpot deal ids as in the HubSpot fixture pages (71001 renewal, 71002 expansion, 71003 Northwind)
      hubspotId: '71002',
    },
    iberiaRenewal: {
      id: 'demo-deal-0002',
      name: 'Iberia Logística — Renovación 2027',
      stage: 'negotiation',
      amount: 63000,
      currency: 'EUR',
      accountId: 'demo-acc-0001',
      contactIds: ['demo-per-0001'],
      ownerId: 'demo-user-01',
      productIds: ['demo-prod-01', 'demo-prod-06'],
      hubspotId: '71001',
    },
    /** an open deal on one of Iberia's units: its cell in the matrix is "in a deal" */
    iberiaFrioEngagement: {
      id: 'demo-deal-0004',
      name: 'Iberia Frío — Sales Engagement',
      stage: 'qualification',
      amount: 21600,
      currency: 'EUR',
      accountId: 'demo-acc-0004',
      contactIds: ['demo-per-0006'],
      ownerId: 'demo-user-01',
      productIds: ['demo-prod-03'],
      hubspotId: '71004',
    },
    northwindDiscovery: {
      id: 'demo-deal-0003',
      name: 'Northwind Logistics — Core CRM Sync rollout',
      stage: 'discovery',
      currency: 'USD',
      accountId: 'demo-acc-0002',
      contactIds: ['demo-per-0003'],
      ownerId: 'demo-user-03',
      productIds: ['demo-prod-01'],
      hubspotId: '71003',
    },
  },
  duplicatePairs: [['demo-per-0001', 'demo-per-0005']],
} as const;

/** Every e-mail, LinkedIn URL and CRM id of the cast, which generated records must not reuse. */
export const CAST_RESERVED = {
  emails: Object.values(DEMO_CAST.people).map((p) => p.email),
  linkedinUrls: [
    ...Object.values(DEMO_CAST.people).flatMap((p) => ('linkedinUrl' in p ? [p.linkedinUrl] : [])),
    DEMO_CAST.accounts.iberia.linkedinUrl,
    DEMO_CAST.accounts.northwind.linkedinUrl,
    ...DEMO_CAST.iberiaUnits.map((u) => u.linkedinUrl),
  ],
  domains: [DEMO_CAST.accounts.iberia.domain, DEMO_CAST.accounts.northwind.domain, 'transportesandinos.com.co', ...DEMO_CAST.iberiaUnits.map((u) => u.domain)],
  companyNames: ['Iberia Logística', 'Northwind Logistics', 'Transportes Andinos', 'Iberia Frío', 'Iberia Logística Portugal', 'Iberia Logística Canarias'],
} as const;

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
      // 20 seats more since (retention: expansion and churn)
      products: [
        { productId: 'demo-prod-01', since: ago(1100), seats: 110, arr: 48000, startArr: 39300, changes: [{ at: ago(200), arr: 48000, seats: 110 }] },
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

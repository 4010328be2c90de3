// Short activity subjects, Spanish and English. Placeholders: {product} a product's short name,
// {company} the account's short name, {industry} its industry, {n} a ticket number.
import type { ActivityType } from '../../domain/entities';

type Subjects = Readonly<Record<ActivityType, { readonly es: readonly string[]; readonly en: readonly string[] }>>;

const EMAILS_ES = [
  'Seguimiento de nuestra conversación',
  'Resumen de la reunión y próximos pasos',
  'Propuesta {product} para {company}',
  'Caso de éxito en {industry}',
  'Invitación: demo de {product}',
  '¿Hablamos 15 minutos esta semana?',
  'Información sobre {product}',
  'Documentación técnica de {product}',
  'Calendario de implantación',
  'Condiciones comerciales actualizadas',
  'Presentación para el comité de compra',
  'Cómo medir el ROI de {product}',
];
const EMAILS_EN = [
  'Following up on our conversation',
  'Meeting recap and next steps',
  '{product} proposal for {company}',
  'How {industry} teams use {product}',
  'Invitation: {product} demo',
  'Quick 15 minutes this week?',
  '{product}: pricing and packaging',
  '{product} technical documentation',
  'Implementation timeline',
  'Updated commercial terms',
  'Deck for the buying committee',
  'Measuring the ROI of {product}',
];

export const SUBJECTS: Subjects = {
  'email-sent': { es: EMAILS_ES, en: EMAILS_EN },
  'email-opened': {
    es: EMAILS_ES.map((s) => `Abrió: ${s}`),
    en: EMAILS_EN.map((s) => `Opened: ${s}`),
  },
  'email-replied': {
    es: EMAILS_ES.map((s) => `RE: ${s}`),
    en: EMAILS_EN.map((s) => `RE: ${s}`),
  },
  call: {
    es: [
      'Llamada de descubrimiento',
      'Llamada de seguimiento',
      'Llamada: revisión de presupuesto',
      'Llamada: dejé mensaje en el buzón de voz',
      'Llamada sin respuesta',
      'Llamada: validar necesidades con {company}',
      'Llamada: próximos pasos de {product}',
      'Llamada de cualificación (BANT)',
    ],
    en: [
      'Discovery call',
      'Follow-up call',
      'Call: budget review',
      'Call: left voicemail',
      'Call: no answer',
      'Call: confirm requirements with {company}',
      'Call: {product} next steps',
      'Qualification call (BANT)',
    ],
  },
  meeting: {
    es: [
      'Demo de {product}',
      'Reunión de descubrimiento',
      'Revisión trimestral de negocio (QBR)',
      'Revisión técnica con el equipo de sistemas',
      'Reunión con Compras',
      'Presentación al comité de dirección',
      'Taller de requisitos',
      'Reunión de arranque del proyecto',
    ],
    en: [
      '{product} demo',
      'Discovery meeting',
      'Quarterly business review (QBR)',
      'Technical review with IT',
      'Meeting with Procurement',
      'Executive briefing',
      'Requirements workshop',
      'Project kick-off',
    ],
  },
  note: {
    es: [
      'Nota: el comité de compra incluye a Compras y Legal',
      'Nota: presupuesto pendiente de aprobación',
      'Nota: evalúan también a la competencia',
      'Nota: decisión aplazada al próximo trimestre',
      'Nota: el decisor económico es el Director Financiero',
      'Nota: necesitan cumplir la nueva normativa antes de fin de año',
      'Nota: interesados en ampliar a otras sedes',
      'Nota: piden referencias de clientes en {industry}',
    ],
    en: [
      'Note: buying committee includes Procurement and Legal',
      'Note: budget pending approval',
      'Note: also evaluating a competitor',
      'Note: decision pushed to next quarter',
      'Note: the CFO is the economic buyer',
      'Note: must comply with new regulation by year end',
      'Note: interested in rolling out to more sites',
      'Note: asked for {industry} customer references',
    ],
  },
  'pricing-page-visit': {
    es: ['Visitó la página de precios', 'Página de precios: {product}', 'Visitó la calculadora de ROI'],
    en: ['Visited the pricing page', 'Pricing page: {product}', 'Visited the ROI calculator'],
  },
  'case-study-download': {
    es: [
      'Descargó: caso de éxito en {industry}',
      'Descargó: guía de cualificación BANT',
      'Descargó: informe de ROI de {product}',
      'Descargó: checklist de renovaciones',
    ],
    en: [
      'Downloaded: {industry} case study',
      'Downloaded: BANT qualification guide',
      'Downloaded: {product} ROI report',
      'Downloaded: renewal checklist',
    ],
  },
  'webinar-attended': {
    es: [
      'Webinar: cómo evitar la fuga de leads',
      'Webinar: ABM para equipos B2B',
      'Webinar: previsión de ventas con {product}',
      'Webinar: novedades de {product}',
      'Webinar: gestión de cuentas clave',
    ],
    en: [
      'Webinar: stop lead leakage',
      'Webinar: ABM for B2B teams',
      'Webinar: forecasting with {product}',
      "Webinar: what's new in {product}",
      'Webinar: key account management',
    ],
  },
  'form-submitted': {
    es: [
      'Formulario: solicitar una demo',
      'Formulario: contacto',
      'Formulario: descargar guía',
      'Formulario: inscripción a webinar',
      'Formulario: hablar con ventas',
    ],
    en: [
      'Form: request a demo',
      'Form: contact us',
      'Form: download guide',
      'Form: webinar registration',
      'Form: talk to sales',
    ],
  },
  'support-ticket': {
    es: [
      'Ticket #{n}: error de sincronización con el CRM',
      'Ticket #{n}: alta de usuarios',
      'Ticket #{n}: informe no carga',
      'Ticket #{n}: duda sobre facturación',
      'Ticket #{n}: problema de inicio de sesión (SSO)',
      'Ticket #{n}: importación de contactos duplicados',
    ],
    en: [
      'Ticket #{n}: CRM sync error',
      'Ticket #{n}: add new users',
      'Ticket #{n}: report does not load',
      'Ticket #{n}: billing question',
      'Ticket #{n}: SSO login issue',
      'Ticket #{n}: duplicate contacts after import',
    ],
  },
};

/** Deal names: '{company} — {label}'. {product} a product's short name, {year} the renewal year. */
export const DEAL_LABELS = {
  new: {
    es: ['Implantación {product}', 'Nuevo negocio {product}', 'Piloto {product}', 'Proyecto {product}'],
    en: ['{product} rollout', 'New business: {product}', '{product} pilot', '{product} project'],
  },
  expansion: {
    es: ['Ampliación {product}', 'Licencias adicionales {product}', 'Extensión a nuevas sedes', 'Upsell {product}'],
    en: ['{product} expansion', 'Additional seats: {product}', 'Expansion to new sites', '{product} upsell'],
  },
  renewal: {
    es: ['Renovación {year}'],
    en: ['Renewal {year}'],
  },
} as const;

/** The note that closes a deal's history. */
export const DEAL_CLOSE_NOTES = {
  won: {
    es: ['Nota: contrato firmado', 'Nota: pedido recibido de Compras', 'Nota: firmado, traspaso a Customer Success'],
    en: ['Note: contract signed', 'Note: PO received from Procurement', 'Note: signed, handed over to Customer Success'],
  },
  lost: {
    es: [
      'Nota: perdida, eligieron a la competencia',
      'Nota: perdida, sin presupuesto este año',
      'Nota: perdida, el decisor económico dejó de responder',
      'Nota: perdida, proyecto cancelado',
    ],
    en: [
      'Note: lost, went with a competitor',
      'Note: lost, no budget this year',
      'Note: lost, the economic buyer went dark',
      'Note: lost, project cancelled',
    ],
  },
} as const;

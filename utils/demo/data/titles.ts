// Job titles by function and seniority, in Spanish (masculine, feminine) and English.

export type JobFunction =
  | 'executive'
  | 'finance'
  | 'it'
  | 'operations'
  | 'procurement'
  | 'sales'
  | 'marketing'
  | 'hr'
  | 'legal'
  | 'data'
  | 'admin';

/** c-level · vp/director · head/manager · individual contributor */
export type Seniority = 'c-level' | 'director' | 'manager' | 'individual';

export interface TitleDef {
  readonly fn: JobFunction;
  readonly level: Seniority;
  /** Spanish: [masculine, feminine] */
  readonly es?: readonly [string, string];
  readonly en?: string;
}

export const TITLES: readonly TitleDef[] = [
  // executive
  { fn: 'executive', level: 'c-level', es: ['Director General', 'Directora General'], en: 'CEO' },
  { fn: 'executive', level: 'c-level', es: ['Consejero Delegado', 'Consejera Delegada'], en: 'Managing Director' },
  { fn: 'executive', level: 'c-level', es: ['Gerente General', 'Gerente General'], en: 'President' },
  { fn: 'executive', level: 'director', es: ['Director de Estrategia', 'Directora de Estrategia'], en: 'VP of Strategy' },
  { fn: 'executive', level: 'manager', es: ['Jefe de Gabinete', 'Jefa de Gabinete'], en: 'Chief of Staff' },
  // finance
  { fn: 'finance', level: 'c-level', es: ['Director Financiero', 'Directora Financiera'], en: 'CFO' },
  { fn: 'finance', level: 'director', es: ['Director de Administración y Finanzas', 'Directora de Administración y Finanzas'], en: 'VP of Finance' },
  { fn: 'finance', level: 'director', en: 'Finance Director' },
  { fn: 'finance', level: 'manager', es: ['Jefe de Contabilidad', 'Jefa de Contabilidad'], en: 'Controller' },
  { fn: 'finance', level: 'manager', es: ['Responsable de Tesorería', 'Responsable de Tesorería'], en: 'Head of FP&A' },
  { fn: 'finance', level: 'individual', es: ['Analista Financiero', 'Analista Financiera'], en: 'Financial Analyst' },
  { fn: 'finance', level: 'individual', es: ['Contador', 'Contadora'], en: 'Accountant' },
  // IT
  { fn: 'it', level: 'c-level', en: 'CTO' },
  { fn: 'it', level: 'c-level', en: 'CIO' },
  { fn: 'it', level: 'director', es: ['Director de Sistemas', 'Directora de Sistemas'], en: 'IT Director' },
  { fn: 'it', level: 'director', es: ['Director de Tecnología', 'Directora de Tecnología'], en: 'VP of Engineering' },
  { fn: 'it', level: 'manager', es: ['Jefe de TI', 'Jefa de TI'], en: 'Head of IT' },
  { fn: 'it', level: 'manager', es: ['Responsable de Infraestructura', 'Responsable de Infraestructura'], en: 'IT Manager' },
  { fn: 'it', level: 'manager', es: ['Gerente de Tecnología', 'Gerente de Tecnología'], en: 'Engineering Manager' },
  { fn: 'it', level: 'individual', es: ['Administrador de Sistemas', 'Administradora de Sistemas'], en: 'Systems Administrator' },
  { fn: 'it', level: 'individual', es: ['Arquitecto de Soluciones', 'Arquitecta de Soluciones'], en: 'Solutions Architect' },
  { fn: 'it', level: 'individual', es: ['Ingeniero de Software', 'Ingeniera de Software'], en: 'Software Engineer' },
  // operations
  { fn: 'operations', level: 'c-level', es: ['Director de Operaciones', 'Directora de Operaciones'], en: 'COO' },
  { fn: 'operations', level: 'director', es: ['Director de Logística', 'Directora de Logística'], en: 'VP of Operations' },
  { fn: 'operations', level: 'director', en: 'Director of Operations' },
  { fn: 'operations', level: 'manager', es: ['Responsable de Operaciones', 'Responsable de Operaciones'], en: 'Operations Manager' },
  { fn: 'operations', level: 'manager', es: ['Jefe de Logística', 'Jefa de Logística'], en: 'Supply Chain Manager' },
  { fn: 'operations', level: 'manager', es: ['Gerente de Operaciones', 'Gerente de Operaciones'], en: 'Head of Operations' },
  { fn: 'operations', level: 'individual', es: ['Coordinador de Operaciones', 'Coordinadora de Operaciones'], en: 'Logistics Coordinator' },
  // procurement
  { fn: 'procurement', level: 'director', es: ['Director de Compras', 'Directora de Compras'], en: 'Purchasing Director' },
  { fn: 'procurement', level: 'manager', es: ['Gerente de Compras', 'Gerente de Compras'], en: 'Head of Procurement' },
  { fn: 'procurement', level: 'manager', es: ['Jefe de Compras', 'Jefa de Compras'], en: 'Procurement Manager' },
  { fn: 'procurement', level: 'individual', es: ['Comprador', 'Compradora'], en: 'Buyer' },
  { fn: 'procurement', level: 'individual', es: ['Técnico de Compras', 'Técnica de Compras'], en: 'Procurement Specialist' },
  // sales
  { fn: 'sales', level: 'c-level', en: 'Chief Revenue Officer' },
  { fn: 'sales', level: 'director', es: ['Director Comercial', 'Directora Comercial'], en: 'VP of Sales' },
  { fn: 'sales', level: 'director', en: 'Sales Director' },
  { fn: 'sales', level: 'manager', es: ['Gerente Comercial', 'Gerente Comercial'], en: 'Head of Sales' },
  { fn: 'sales', level: 'manager', es: ['Jefe de Ventas', 'Jefa de Ventas'], en: 'Sales Manager' },
  { fn: 'sales', level: 'manager', en: 'Key Account Manager' },
  { fn: 'sales', level: 'individual', es: ['Ejecutivo de Cuentas', 'Ejecutiva de Cuentas'], en: 'Account Executive' },
  { fn: 'sales', level: 'individual', es: ['Responsable de Desarrollo de Negocio', 'Responsable de Desarrollo de Negocio'], en: 'Business Development Representative' },
  // marketing
  { fn: 'marketing', level: 'c-level', en: 'CMO' },
  { fn: 'marketing', level: 'director', es: ['Director de Marketing', 'Directora de Marketing'], en: 'VP of Marketing' },
  { fn: 'marketing', level: 'manager', es: ['Responsable de Marketing Digital', 'Responsable de Marketing Digital'], en: 'Marketing Manager' },
  { fn: 'marketing', level: 'manager', en: 'Demand Generation Manager' },
  { fn: 'marketing', level: 'individual', es: ['Especialista en Marketing', 'Especialista en Marketing'], en: 'Marketing Specialist' },
  // HR
  { fn: 'hr', level: 'c-level', en: 'Chief People Officer' },
  { fn: 'hr', level: 'director', es: ['Director de Recursos Humanos', 'Directora de Recursos Humanos'], en: 'HR Director' },
  { fn: 'hr', level: 'manager', es: ['Responsable de RR. HH.', 'Responsable de RR. HH.'], en: 'HR Business Partner' },
  { fn: 'hr', level: 'individual', es: ['Técnico de Selección', 'Técnica de Selección'], en: 'Talent Acquisition Specialist' },
  // legal
  { fn: 'legal', level: 'director', es: ['Director Jurídico', 'Directora Jurídica'], en: 'General Counsel' },
  { fn: 'legal', level: 'manager', es: ['Responsable de Cumplimiento Normativo', 'Responsable de Cumplimiento Normativo'], en: 'Compliance Officer' },
  { fn: 'legal', level: 'individual', es: ['Abogado Interno', 'Abogada Interna'], en: 'Legal Counsel' },
  { fn: 'legal', level: 'individual', es: ['Asesor Legal', 'Asesora Legal'], en: 'Paralegal' },
  // data
  { fn: 'data', level: 'c-level', en: 'Chief Data Officer' },
  { fn: 'data', level: 'director', es: ['Director de Datos', 'Directora de Datos'], en: 'Head of Data' },
  { fn: 'data', level: 'manager', es: ['Responsable de Business Intelligence', 'Responsable de Business Intelligence'], en: 'BI Manager' },
  { fn: 'data', level: 'individual', es: ['Analista de Datos', 'Analista de Datos'], en: 'Data Analyst' },
  { fn: 'data', level: 'individual', es: ['Científico de Datos', 'Científica de Datos'], en: 'Data Scientist' },
  // administration
  { fn: 'admin', level: 'manager', es: ['Responsable de Administración', 'Responsable de Administración'], en: 'Office Manager' },
  { fn: 'admin', level: 'individual', es: ['Asistente de Dirección', 'Asistente de Dirección'], en: 'Executive Assistant' },
  { fn: 'admin', level: 'individual', en: 'Office Manager' },
];

/** How often each function appears in a buying committee. */
export const FUNCTION_WEIGHTS: readonly (readonly [JobFunction, number])[] = [
  ['executive', 6],
  ['finance', 14],
  ['it', 20],
  ['operations', 15],
  ['procurement', 10],
  ['sales', 10],
  ['marketing', 8],
  ['hr', 5],
  ['legal', 4],
  ['data', 6],
  ['admin', 2],
];

export const SENIORITY_WEIGHTS: readonly (readonly [Seniority, number])[] = [
  ['c-level', 8],
  ['director', 24],
  ['manager', 38],
  ['individual', 30],
];

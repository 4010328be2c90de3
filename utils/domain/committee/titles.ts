// Seniority, function and buying-committee role read from a job title, in English and Spanish
// (masculine and feminine forms, with or without accents: "Directora Financiera", "Jefe de TI",
// "Head of Procurement"). Rules are ordered phrase lists, first match wins; the rep can override
// the role. Results are cached by title because the same few hundred titles repeat across a CRM.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import type { CommitteeRole } from './roles';

export const SENIORITIES = ['c-level', 'vp', 'director', 'head', 'manager', 'senior', 'individual', 'unknown'] as const;
export const senioritySchema = lazySchema(() => z.enum(SENIORITIES));
export type Seniority = z.infer<typeof senioritySchema>;

export const JOB_FUNCTIONS = [
  'finance',
  'it',
  'procurement',
  'legal',
  'operations',
  'sales',
  'marketing',
  'hr',
  'executive',
  'other',
] as const;
export const jobFunctionSchema = lazySchema(() => z.enum(JOB_FUNCTIONS));
export type JobFunction = z.infer<typeof jobFunctionSchema>;

export type TitleInference = {
  /** undefined when the title says too little to guess a role */
  role: CommitteeRole | undefined;
  seniority: Seniority;
  function: JobFunction;
  /** 0 … 1: how much of the title the rules recognised */
  confidence: number;
};

/** "Directora de Administración y Finanzas" → "directora de administracion y finanzas". */
export function normalizeTitle(title: string): string {
  return title
    // dotted acronyms become words: "Jefe de T.I." → "Jefe de TI"
    .replace(/(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu, (m) => `${m.replaceAll('.', '')} `)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// A phrase matches whole words; a phrase ending in '*' matches a word prefix ("financ*").
function phrases(list: readonly string[]): RegExp {
  const alternatives = list.map((p) => (p.endsWith('*') ? `${p.slice(0, -1)}[a-z0-9]*` : p));
  return new RegExp(`(?:^| )(?:${alternatives.join('|')})(?= |$)`);
}

// Ordered: the first level whose phrases occur wins ("Senior Director" is a director).
const SENIORITY_RULES: ReadonlyArray<readonly [Seniority, RegExp]> = [
  [
    'c-level',
    phrases([
      'ceo', 'cfo', 'cto', 'cio', 'coo', 'cmo', 'cro', 'cpo', 'cdo', 'ciso', 'chro', 'cco', 'cso',
      'chief(?: [a-z]+)+ officer', 'chief executive', '(?<!vice )president[ea]?',
      'managing director', 'general manager', 'country manager', 'owner', 'founder', 'co founder', 'cofounder',
      'fundador', 'fundadora', 'cofundador', 'cofundadora', 'propietario', 'propietaria', 'dueno', 'duena',
      'directora? general', 'directora? ejecutiv[oa]', 'consejer[oa] delegad[oa]', 'gerente general',
      'directora? financier[oa]',
    ]),
  ],
  ['vp', phrases(['vp', 'svp', 'evp', 'avp', 'vice president', 'vicepresident', 'vicepresidente', 'vicepresidenta', 'vice presidente'])],
  ['director', phrases(['director', 'directora', 'directors', 'subdirector', 'subdirectora', 'general counsel'])],
  // "Chief of Staff" is not a c-level officer; "Jefe/Jefa de …" and "Responsable de …" run a department
  ['head', phrases(['head', 'jefe', 'jefa', 'responsable', 'chief of staff'])],
  ['manager', phrases(['manager', 'gerente', 'mgr', 'supervisor', 'supervisora', 'controller', 'team lead', 'team leader', 'lider', 'officer', 'encargad[oa]', 'gestor', 'gestora', 'business partner'])],
  ['senior', phrases(['senior', 'sr', 'principal', 'staff', 'lead', 'expert', 'experto', 'experta'])],
  [
    'individual',
    phrases([
      'analyst', 'analista', 'engineer', 'ingenier[oa]', 'developer', 'desarrollador', 'desarrolladora',
      'specialist', 'especialista', 'coordinator', 'coordinador', 'coordinadora', 'assistant', 'asistente',
      'auxiliar', 'administrativ[oa]', 'tecnic[oa]', 'technician', 'consultant', 'consultor', 'consultora',
      'accountant', 'contador', 'contadora', 'contable', 'buyer', 'comprador', 'compradora', 'abogad[oa]',
      'lawyer', 'attorney', 'paralegal', 'counsel', 'asesor', 'asesora', 'associate', 'representative',
      'representante', 'executive', 'ejecutiv[oa]', 'administrator', 'administrador', 'administradora',
      'architect', 'arquitect[oa]', 'scientist', 'cientific[oa]', 'agent', 'agente', 'clerk', 'intern',
      'becari[oa]', 'trainee', 'operari[oa]', 'vendedor', 'vendedora', 'recruiter', 'reclutador', 'reclutadora',
      'sdr', 'bdr', 'designer', 'disenador', 'disenadora', 'programador', 'programadora',
    ]),
  ],
];

// Ordered: earlier functions win ("Director de Administración y Finanzas" is finance, not
// operations; "Administrador de Sistemas" is IT; "Marketing Digital" is marketing, not IT).
const FUNCTION_RULES: ReadonlyArray<readonly [JobFunction, RegExp]> = [
  [
    'executive',
    phrases([
      'ceo', 'chief executive', '(?<!vice )president[ea]?', 'managing director', 'general manager',
      'country manager', 'owner', 'founder', 'co founder', 'cofounder', 'fundador', 'fundadora', 'cofundador',
      'cofundadora', 'propietari[oa]', 'dueno', 'duena', 'directora? general', 'directora? ejecutiv[oa]',
      'consejer[oa] delegad[oa]', 'gerente general', 'chief of staff', 'jef[ea] de gabinete', 'strategy',
      'estrategia', 'executive assistant', 'asistente de direccion',
    ]),
  ],
  [
    'finance',
    phrases([
      'cfo', 'financ*', 'finanzas', 'contab*', 'contador', 'contadora', 'contable', 'accountant', 'accounting',
      'controller', 'controlling', 'tesorer*', 'treasur*', 'fp a', 'fiscal', 'tax', 'impuestos', 'auditor', 'auditora',
    ]),
  ],
  [
    'legal',
    phrases([
      'legal', 'counsel', 'juridic[oa]', 'abogad[oa]', 'lawyer', 'attorney', 'paralegal', 'compliance',
      'cumplimiento', 'privacy', 'privacidad', 'dpo', 'notari[oa]', 'letrad[oa]',
    ]),
  ],
  [
    'procurement',
    phrases([
      'procurement', 'purchasing', 'purchaser', 'compras', 'comprador', 'compradora', 'buyer', 'sourcing',
      'abastecimiento', 'adquisiciones', 'aprovisionamiento',
    ]),
  ],
  [
    'marketing',
    phrases([
      'marketing', 'cmo', 'mercadotecnia', 'demand generation', 'growth', 'brand', 'marca', 'comunicacion',
      'communications', 'contenidos', 'content',
    ]),
  ],
  [
    'hr',
    phrases([
      'hr', 'rrhh', 'rr hh', 'recursos humanos', 'human resources', 'people', 'talent', 'talento', 'seleccion',
      'recruit*', 'reclutador', 'reclutadora', 'capital humano', 'chro', 'nomina', 'payroll', 'personas',
    ]),
  ],
  [
    'it',
    phrases([
      'cto', 'cio', 'ciso', 'cdo', 'it', 'ti', 'tic', 'tics', 'ict', 'sistemas', 'informatica', 'tecnologia',
      'tecnologias', 'technology', 'tech', 'engineering', 'ingenieria', 'software', 'infraestructura',
      'infrastructure', 'arquitect[oa]', 'architect', 'developer', 'desarrollador', 'desarrolladora',
      'programador', 'programadora', 'devops', 'cloud', 'ciberseguridad', 'cybersecurity', 'security',
      'seguridad informatica', 'data', 'datos', 'bi', 'business intelligence', 'analytics', 'sysadmin',
      'network', 'redes', 'information', 'informacion', 'digital',
    ]),
  ],
  [
    'sales',
    phrases([
      'sales', 'ventas', 'comercial', 'account executive', 'ejecutiv[oa] de cuentas', 'business development',
      'desarrollo de negocio', 'desarrollo de negocios', 'cro', 'revenue', 'key account', 'cuentas clave',
      'sdr', 'bdr', 'vendedor', 'vendedora', 'customer success', 'preventa', 'presales',
    ]),
  ],
  [
    'operations',
    phrases([
      'operations', 'operaciones', 'operating', 'ops', 'coo', 'logistica', 'logistics', 'supply chain', 'cadena de suministro',
      'produccion', 'production', 'planta', 'plant', 'almacen', 'warehouse', 'manufacturing', 'fabricacion',
      'calidad', 'quality', 'mantenimiento', 'maintenance', 'office', 'oficina', 'administracion',
      'administrativ[oa]', 'servicios generales', 'facilities', 'transporte', 'flota', 'fleet',
    ]),
  ],
  // generic words last: "Ingeniero de Software" was already IT above, "Ingeniero" alone guesses IT
  ['it', phrases(['engineer', 'ingenier[oa]'])],
];

const ANALYST = phrases(['analyst', 'analista']);

function roleFor(seniority: Seniority, fn: JobFunction, normalized: string): CommitteeRole | undefined {
  if (fn === 'procurement') return 'procurement';
  if (fn === 'legal') return 'legal';
  if (seniority === 'c-level') return 'economic-buyer';
  if (fn === 'finance' && (seniority === 'vp' || seniority === 'director')) return 'economic-buyer';
  if (fn === 'it') return seniority === 'individual' && ANALYST.test(normalized) ? 'end-user' : 'technical-evaluator';
  if (seniority === 'vp' || seniority === 'director' || seniority === 'head') return 'influencer';
  if (fn === 'executive' && seniority === 'manager') return 'influencer';
  if (seniority !== 'unknown' || fn !== 'other') return 'end-user';
  return undefined;
}

function infer(title: string): TitleInference {
  const normalized = normalizeTitle(title);
  const seniority = SENIORITY_RULES.find(([, re]) => re.test(normalized))?.[0] ?? 'unknown';
  const fn = FUNCTION_RULES.find(([, re]) => re.test(normalized))?.[0] ?? 'other';
  const known = (seniority !== 'unknown' ? 1 : 0) + (fn !== 'other' ? 1 : 0);
  const role = roleFor(seniority, fn, normalized);
  return { role, seniority, function: fn, confidence: role === undefined ? 0 : known === 2 ? 0.85 : 0.45 };
}

const CACHE_LIMIT = 20_000;
const cache = new Map<string, TitleInference>();
const UNKNOWN: TitleInference = Object.freeze({ role: undefined, seniority: 'unknown', function: 'other', confidence: 0 });

/** The role, seniority and function a job title suggests. Frozen, cached results: do not mutate. */
export function inferRoleFromTitle(title: string | undefined): TitleInference {
  if (!title || !title.trim()) return UNKNOWN;
  let hit = cache.get(title);
  if (!hit) {
    // a bounded cache: a flood of unique titles (an import) must not grow memory without limit
    if (cache.size >= CACHE_LIMIT) cache.clear();
    hit = Object.freeze(infer(title));
    cache.set(title, hit);
  }
  return hit;
}

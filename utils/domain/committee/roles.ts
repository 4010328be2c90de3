// The buying-committee roles (DOMAIN.md: "the decision is rarely one person's"), their labels and
// the job titles a rep should look for when a role is missing.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import type { Bilingual } from '../bilingual';

export const COMMITTEE_ROLES = [
  'economic-buyer',
  'technical-evaluator',
  'end-user',
  'influencer',
  'champion',
  'procurement',
  'legal',
  'blocker',
] as const;
export const committeeRoleSchema = lazySchema(() => z.enum(COMMITTEE_ROLES));
export type CommitteeRole = z.infer<typeof committeeRoleSchema>;

export const ROLE_LABELS: Readonly<Record<CommitteeRole, Bilingual>> = {
  'economic-buyer': { en: 'economic buyer', es: 'decisor económico' },
  'technical-evaluator': { en: 'technical evaluator', es: 'evaluador técnico' },
  'end-user': { en: 'end user', es: 'usuario final' },
  influencer: { en: 'influencer', es: 'influenciador' },
  champion: { en: 'champion', es: 'promotor (campeón)' },
  procurement: { en: 'procurement', es: 'responsable de compras' },
  legal: { en: 'legal', es: 'asesoría legal' },
  blocker: { en: 'blocker', es: 'bloqueador' },
};

export type TitlesToLookFor = { en: readonly string[]; es: readonly string[] };

/**
 * Default titles to search for when a role is missing. A champion and a blocker are behaviours,
 * not titles: the hint says where to find them instead.
 */
export const ROLE_LOOK_FOR: Readonly<Record<CommitteeRole, TitlesToLookFor>> = {
  'economic-buyer': {
    en: ['CFO', 'CEO', 'Finance Director', 'Managing Director'],
    es: ['Director Financiero', 'Director General', 'Gerente General', 'Consejero Delegado'],
  },
  'technical-evaluator': {
    en: ['CTO', 'CIO', 'IT Director', 'Head of IT'],
    es: ['Director de Sistemas', 'Jefe de TI', 'Responsable de Informática', 'Director de Tecnología'],
  },
  'end-user': {
    en: ['Operations Manager', 'Team Lead', 'Analyst'],
    es: ['Responsable de Operaciones', 'Jefe de Equipo', 'Analista'],
  },
  influencer: {
    en: ['VP of Operations', 'Head of Department'],
    es: ['Director de Operaciones', 'Jefe de Departamento'],
  },
  champion: {
    en: ['the most engaged contact who wants the change'],
    es: ['el contacto más implicado que quiere el cambio'],
  },
  procurement: {
    en: ['Head of Procurement', 'Procurement Manager', 'Purchasing Director'],
    es: ['Gerente de Compras', 'Jefe de Compras', 'Director de Compras'],
  },
  legal: {
    en: ['General Counsel', 'Legal Counsel'],
    es: ['Director Jurídico', 'Asesor Jurídico', 'Abogado Interno'],
  },
  blocker: { en: [], es: [] },
};

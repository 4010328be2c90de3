import { describe, expect, it } from 'vitest';
import type { CommitteeRole } from './roles';
import { type JobFunction, type Seniority, inferRoleFromTitle, normalizeTitle } from './titles';

type Row = [title: string, seniority: Seniority, fn: JobFunction, role: CommitteeRole | undefined];

// Spanish (masculine and feminine, with and without accents) and English, as CRMs show them.
const TITLES: Row[] = [
  // economic buyers
  ['Director Financiero', 'c-level', 'finance', 'economic-buyer'],
  ['Directora Financiera', 'c-level', 'finance', 'economic-buyer'],
  ['CFO', 'c-level', 'finance', 'economic-buyer'],
  ['Chief Financial Officer', 'c-level', 'finance', 'economic-buyer'],
  ['VP of Finance', 'vp', 'finance', 'economic-buyer'],
  ['Finance Director', 'director', 'finance', 'economic-buyer'],
  ['Director de Administración y Finanzas', 'director', 'finance', 'economic-buyer'],
  ['Directora de Administracion y Finanzas', 'director', 'finance', 'economic-buyer'],
  ['CEO', 'c-level', 'executive', 'economic-buyer'],
  ['Chief Executive Officer', 'c-level', 'executive', 'economic-buyer'],
  ['Director General', 'c-level', 'executive', 'economic-buyer'],
  ['Directora General', 'c-level', 'executive', 'economic-buyer'],
  ['Gerente General', 'c-level', 'executive', 'economic-buyer'],
  ['Consejero Delegado', 'c-level', 'executive', 'economic-buyer'],
  ['Consejera Delegada', 'c-level', 'executive', 'economic-buyer'],
  ['Managing Director', 'c-level', 'executive', 'economic-buyer'],
  ['President', 'c-level', 'executive', 'economic-buyer'],
  ['Presidenta', 'c-level', 'executive', 'economic-buyer'],
  ['Country Manager', 'c-level', 'executive', 'economic-buyer'],
  ['Fundador y CEO', 'c-level', 'executive', 'economic-buyer'],
  ['CTO', 'c-level', 'it', 'economic-buyer'],
  ['CIO', 'c-level', 'it', 'economic-buyer'],
  ['Chief Information Officer', 'c-level', 'it', 'economic-buyer'],
  ['COO', 'c-level', 'operations', 'economic-buyer'],
  ['Chief Revenue Officer', 'c-level', 'sales', 'economic-buyer'],
  ['Chief People Officer', 'c-level', 'hr', 'economic-buyer'],
  ['CMO', 'c-level', 'marketing', 'economic-buyer'],
  // technical evaluators
  ['Director de Sistemas', 'director', 'it', 'technical-evaluator'],
  ['Directora de Sistemas', 'director', 'it', 'technical-evaluator'],
  ['IT Director', 'director', 'it', 'technical-evaluator'],
  ['Jefe de TI', 'head', 'it', 'technical-evaluator'],
  ['Jefa de TI', 'head', 'it', 'technical-evaluator'],
  ['Head of IT', 'head', 'it', 'technical-evaluator'],
  ['Responsable de Informática', 'head', 'it', 'technical-evaluator'],
  ['Responsable de Informatica', 'head', 'it', 'technical-evaluator'],
  ['Director de Tecnología', 'director', 'it', 'technical-evaluator'],
  ['VP of Engineering', 'vp', 'it', 'technical-evaluator'],
  ['IT Manager', 'manager', 'it', 'technical-evaluator'],
  ['Gerente de Tecnología', 'manager', 'it', 'technical-evaluator'],
  ['Engineering Manager', 'manager', 'it', 'technical-evaluator'],
  ['Solutions Architect', 'individual', 'it', 'technical-evaluator'],
  ['Arquitecta de Soluciones', 'individual', 'it', 'technical-evaluator'],
  ['Ingeniero de Software', 'individual', 'it', 'technical-evaluator'],
  ['Software Engineer', 'individual', 'it', 'technical-evaluator'],
  ['Administrador de Sistemas', 'individual', 'it', 'technical-evaluator'],
  ['Sr. Data Engineer', 'senior', 'it', 'technical-evaluator'],
  ['Head of Data', 'head', 'it', 'technical-evaluator'],
  ['Científica de Datos', 'individual', 'it', 'technical-evaluator'],
  ['Responsable de Business Intelligence', 'head', 'it', 'technical-evaluator'],
  // procurement
  ['Head of Procurement', 'head', 'procurement', 'procurement'],
  ['Gerente de Compras', 'manager', 'procurement', 'procurement'],
  ['Jefa de Compras', 'head', 'procurement', 'procurement'],
  ['Jefe de Compras', 'head', 'procurement', 'procurement'],
  ['Procurement Manager', 'manager', 'procurement', 'procurement'],
  ['Purchasing Director', 'director', 'procurement', 'procurement'],
  ['Director de Compras', 'director', 'procurement', 'procurement'],
  ['Comprador', 'individual', 'procurement', 'procurement'],
  ['Técnica de Compras', 'individual', 'procurement', 'procurement'],
  // legal
  ['Abogada Interna', 'individual', 'legal', 'legal'],
  ['Abogado Interno', 'individual', 'legal', 'legal'],
  ['Legal Counsel', 'individual', 'legal', 'legal'],
  ['General Counsel', 'director', 'legal', 'legal'],
  ['Asesor Jurídico', 'individual', 'legal', 'legal'],
  ['Asesora Juridica', 'individual', 'legal', 'legal'],
  ['Directora Jurídica', 'director', 'legal', 'legal'],
  ['Compliance Officer', 'manager', 'legal', 'legal'],
  ['Responsable de Cumplimiento Normativo', 'head', 'legal', 'legal'],
  // influencers
  ['VP of Operations', 'vp', 'operations', 'influencer'],
  ['Director of Operations', 'director', 'operations', 'influencer'],
  ['Director de Operaciones', 'director', 'operations', 'influencer'],
  ['Director Comercial', 'director', 'sales', 'influencer'],
  ['VP of Sales', 'vp', 'sales', 'influencer'],
  ['Vice President of Marketing', 'vp', 'marketing', 'influencer'],
  ['Directora de Marketing', 'director', 'marketing', 'influencer'],
  ['Director de Recursos Humanos', 'director', 'hr', 'influencer'],
  ['VP of Strategy', 'vp', 'executive', 'influencer'],
  ['Chief of Staff', 'head', 'executive', 'influencer'],
  ['Jefe de Gabinete', 'head', 'executive', 'influencer'],
  ['Head of FP&A', 'head', 'finance', 'influencer'],
  ['Responsable de Marketing Digital', 'head', 'marketing', 'influencer'],
  // end users
  ['Analista de Datos', 'individual', 'it', 'end-user'],
  ['Data Analyst', 'individual', 'it', 'end-user'],
  ['Office Manager', 'manager', 'operations', 'end-user'],
  ['Operations Manager', 'manager', 'operations', 'end-user'],
  ['Supply Chain Manager', 'manager', 'operations', 'end-user'],
  ['Coordinadora de Operaciones', 'individual', 'operations', 'end-user'],
  ['Logistics Coordinator', 'individual', 'operations', 'end-user'],
  ['Financial Analyst', 'individual', 'finance', 'end-user'],
  ['Analista Financiera', 'individual', 'finance', 'end-user'],
  ['Contadora', 'individual', 'finance', 'end-user'],
  ['Controller', 'manager', 'finance', 'end-user'],
  ['Key Account Manager', 'manager', 'sales', 'end-user'],
  ['Ejecutiva de Cuentas', 'individual', 'sales', 'end-user'],
  ['Account Executive', 'individual', 'sales', 'end-user'],
  ['Marketing Specialist', 'individual', 'marketing', 'end-user'],
  ['HR Business Partner', 'manager', 'hr', 'end-user'],
  ['Técnico de Selección', 'individual', 'hr', 'end-user'],
  ['Encargada de Almacén', 'manager', 'operations', 'end-user'],
  ['Asistente de Dirección', 'individual', 'executive', 'end-user'],
];

describe('inferRoleFromTitle', () => {
  it('covers at least 60 titles in both languages', () => {
    expect(TITLES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(TITLES.map(([t]) => t)).size).toBe(TITLES.length);
  });

  it.each(TITLES)('%s → %s, %s, %s', (title, seniority, fn, role) => {
    const got = inferRoleFromTitle(title);
    expect({ seniority: got.seniority, function: got.function, role: got.role }).toEqual({ seniority, function: fn, role });
    expect(got.confidence).toBeGreaterThan(0);
  });

  it('ignores case, accents and punctuation', () => {
    for (const [a, b] of [
      ['DIRECTORA FINANCIERA', 'directora financiera'],
      ['Responsable de Informática', 'RESPONSABLE DE INFORMATICA'],
      ['Jefe de T.I.', 'Jefe de TI'],
      ['  Gerente   de   Compras ', 'Gerente de Compras'],
    ] as const) {
      expect(inferRoleFromTitle(a)).toEqual(inferRoleFromTitle(b));
    }
  });

  it('does not read "Vice President" as a president', () => {
    expect(inferRoleFromTitle('Vice President, Sales').seniority).toBe('vp');
    expect(inferRoleFromTitle('Vicepresidenta Comercial').seniority).toBe('vp');
  });

  it('says unknown, with no role and no confidence, when the title says nothing', () => {
    for (const title of [undefined, '', '   ', 'Ninja', '—']) {
      expect(inferRoleFromTitle(title)).toEqual({ role: undefined, seniority: 'unknown', function: 'other', confidence: 0 });
    }
  });

  it('is less confident when only the level or only the function is known', () => {
    expect(inferRoleFromTitle('Director').confidence).toBeLessThan(inferRoleFromTitle('Director de Sistemas').confidence);
    expect(inferRoleFromTitle('Compras').role).toBe('procurement');
    expect(inferRoleFromTitle('Compras').confidence).toBeLessThan(0.5);
  });

  it('caches: the same title gives the same frozen object', () => {
    const a = inferRoleFromTitle('Director Financiero');
    expect(inferRoleFromTitle('Director Financiero')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('normalises titles', () => {
    expect(normalizeTitle('Directora de Administración y Finanzas')).toBe('directora de administracion y finanzas');
    expect(normalizeTitle('Responsable de RR. HH.')).toBe('responsable de rr hh');
  });
});

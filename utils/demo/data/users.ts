// The demo sales team: reps, SDRs, account managers and marketing owners, and who covers which
// territory. The first four are part of the cast (fixtures and end-to-end tests rely on them).
import type { User } from '../../domain/entities';

export type Region = 'es' | 'latam' | 'en';

export const DEMO_USERS: readonly User[] = [
  { id: 'demo-user-01', name: 'Lucía Fernández', email: 'lucia.fernandez@dealside.example', team: 'sales', role: 'Account Executive', source: 'demo' },
  { id: 'demo-user-02', name: 'Diego Morales', email: 'diego.morales@dealside.example', team: 'sales', role: 'Senior Account Executive', source: 'demo' },
  { id: 'demo-user-03', name: 'Emily Carter', email: 'emily.carter@dealside.example', team: 'sales', role: 'Account Executive', source: 'demo' },
  { id: 'demo-user-04', name: 'Javier Romero', email: 'javier.romero@dealside.example', team: 'sales', role: 'Sales Development Representative', source: 'demo' },
  { id: 'demo-user-05', name: 'Valentina Ríos', email: 'valentina.rios@dealside.example', team: 'sales', role: 'Sales Development Representative', source: 'demo' },
  { id: 'demo-user-06', name: 'Michael Brooks', email: 'michael.brooks@dealside.example', team: 'sales', role: 'Sales Development Representative', source: 'demo' },
  { id: 'demo-user-07', name: 'Carmen Navarro', email: 'carmen.navarro@dealside.example', team: 'customer-success', role: 'Account Manager', source: 'demo' },
  { id: 'demo-user-08', name: 'Sofía Castillo', email: 'sofia.castillo@dealside.example', team: 'customer-success', role: 'Key Account Manager', source: 'demo' },
  { id: 'demo-user-09', name: 'Pablo Ortega', email: 'pablo.ortega@dealside.example', team: 'marketing', role: 'ABM Marketing Manager', source: 'demo' },
  { id: 'demo-user-10', name: 'Laura Giménez', email: 'laura.gimenez@dealside.example', team: 'marketing', role: 'Demand Generation Manager', source: 'demo' },
  { id: 'demo-user-11', name: 'Martín Herrera', email: 'martin.herrera@dealside.example', team: 'sales', role: 'Account Executive', source: 'demo' },
  { id: 'demo-user-12', name: 'Olivia Bennett', email: 'olivia.bennett@dealside.example', team: 'customer-success', role: 'Account Manager', source: 'demo' },
  { id: 'demo-user-13', name: 'James Whitaker', email: 'james.whitaker@dealside.example', team: 'marketing', role: 'Field Marketing Manager', source: 'demo' },
];

export interface Territory {
  /** account executives: own prospects and new business */
  readonly aes: readonly string[];
  /** SDRs: own leads */
  readonly sdrs: readonly string[];
  /** account managers: own customers and renewals */
  readonly ams: readonly string[];
  /** marketing owners of target accounts */
  readonly marketing: readonly string[];
}

export const TERRITORIES: Readonly<Record<Region, Territory>> = {
  es: {
    aes: ['demo-user-01', 'demo-user-02'],
    sdrs: ['demo-user-04'],
    ams: ['demo-user-07', 'demo-user-08'],
    marketing: ['demo-user-09', 'demo-user-10'],
  },
  latam: {
    aes: ['demo-user-11', 'demo-user-02'],
    sdrs: ['demo-user-05', 'demo-user-04'],
    ams: ['demo-user-08'],
    marketing: ['demo-user-10', 'demo-user-09'],
  },
  en: {
    aes: ['demo-user-03'],
    sdrs: ['demo-user-06'],
    ams: ['demo-user-12'],
    marketing: ['demo-user-13'],
  },
};

// The demo seller's catalogue: a B2B software company selling a sales platform, add-on modules and
// services — its own product names, not Dealside's. List prices in EUR.
import type { Product } from '../../domain/entities';

export interface CatalogEntry {
  readonly product: Product;
  /** short names for deal names and activity subjects */
  readonly short: { readonly es: string; readonly en: string };
  /** recurring (can be owned by a customer) or one-off services */
  readonly recurring: boolean;
  /** how quantities scale: per seat, per pack, or one per account/project */
  readonly per: 'seat' | 'pack' | 'account' | 'day';
}

const p = (id: string, name: string, family: string, listPrice: number, unit: string): Product => ({
  id,
  name,
  family,
  listPrice,
  currency: 'EUR',
  unit,
  source: 'demo',
});

export const CATALOG: readonly CatalogEntry[] = [
  {
    product: p('demo-prod-01', 'Core CRM Sync', 'Platform', 480, 'seat/year'),
    short: { es: 'Core CRM Sync', en: 'Core CRM Sync' },
    recurring: true,
    per: 'seat',
  },
  {
    product: p('demo-prod-02', 'Analytics', 'Analytics', 360, 'seat/year'),
    short: { es: 'Analytics', en: 'Analytics' },
    recurring: true,
    per: 'seat',
  },
  {
    product: p('demo-prod-03', 'Sales Engagement', 'Engagement', 600, 'seat/year'),
    short: { es: 'Sales Engagement', en: 'Sales Engagement' },
    recurring: true,
    per: 'seat',
  },
  {
    product: p('demo-prod-04', 'Data Enrichment', 'Data', 4800, 'pack of 10,000 credits/year'),
    short: { es: 'Enriquecimiento de Datos', en: 'Data Enrichment' },
    recurring: true,
    per: 'pack',
  },
  {
    product: { ...p('demo-prod-05', 'Revenue Intelligence', 'Analytics', 720, 'seat/year'), appliesTo: { sizeBands: ['mid-market', 'enterprise'] } },
    short: { es: 'Revenue Intelligence', en: 'Revenue Intelligence' },
    recurring: true,
    per: 'seat',
  },
  {
    product: p('demo-prod-06', 'Premium Support', 'Services', 12000, 'account/year'),
    short: { es: 'Soporte Premium', en: 'Premium Support' },
    recurring: true,
    per: 'account',
  },
  {
    product: p('demo-prod-07', 'Onboarding & Implementation', 'Services', 9500, 'project'),
    short: { es: 'Implantación', en: 'Implementation' },
    recurring: false,
    per: 'account',
  },
  {
    product: p('demo-prod-08', 'Training Services', 'Services', 1800, 'day'),
    short: { es: 'Formación', en: 'Training' },
    recurring: false,
    per: 'day',
  },
];

export const DEMO_PRODUCTS: readonly Product[] = CATALOG.map((c) => c.product);

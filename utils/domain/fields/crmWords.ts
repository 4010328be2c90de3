// What the CRMs' own words for a deal's type and an account's ABM tier mean in ours. Each CRM (and
// each team's picklist) spells them its own way: Salesforce's standard Opportunity.Type values, the
// HubSpot `dealtype` options, a team's "Renewal" or "Upsell" option, a Pipedrive option label, a
// HubSpot `hs_ideal_customer_profile` value ("tier_1"). Pure; English and Spanish words both count.
import type { DealType } from '../entities';

const norm = (raw: string) =>
  raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_\-–—/]+/g, ' ')
    .trim();

/**
 * A CRM deal type → ours, or undefined when the words say none of these. Checked in this order, so
 * "Existing Customer - Upgrade" is an add-on and "Existing Customer - Replacement" a renewal:
 * downgrade / contraction → downgrade; upgrade, add-on, upsell, cross-sell, expansion → add-on;
 * renewal, replacement → renewal; existing (HubSpot's "existingbusiness") → existing; new → new-business.
 */
export function dealTypeFrom(raw: string): DealType | undefined {
  const s = norm(raw);
  if (!s) return undefined;
  if (/downgrade|contraction|reduccion|rebaja/.test(s)) return 'downgrade';
  if (/upgrade|add ?on|upsell|up sell|cross ?sell|expansion|ampliacion|venta adicional/.test(s)) return 'add-on';
  if (/renewal|renew|replacement|renovacion/.test(s)) return 'renewal';
  if (/existing|existente/.test(s)) return 'existing';
  if (/new|nuevo|nueva/.test(s)) return 'new-business';
  return undefined;
}

/**
 * A CRM tier value → ours: the first digit 1–3 in it ("Tier 1", "tier_2", "T3", "Nivel 2", "1"),
 * else the ABM words (one-to-one / strategic → 1, one-to-few → 2, one-to-many / programmatic → 3).
 */
export function tierFrom(raw: string): 'tier-1' | 'tier-2' | 'tier-3' | undefined {
  const s = norm(raw);
  if (!s) return undefined;
  const digit = /(?:^|[^0-9])([123])(?![0-9])/.exec(s)?.[1];
  if (digit) return `tier-${digit}` as 'tier-1' | 'tier-2' | 'tier-3';
  if (/one to one|strategic|estrategic|uno a uno/.test(s)) return 'tier-1';
  if (/one to few|uno a pocos/.test(s)) return 'tier-2';
  if (/one to many|programmatic|uno a muchos/.test(s)) return 'tier-3';
  return undefined;
}

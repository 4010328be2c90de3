// Each CRM's deal lines read into RemoteLine (utils/sync/connector.ts): which of its published fields
// say the product, the quantity, the amount and whether (and how often) it recurs. What a won deal's
// lines make its account own is the domain's (utils/domain/account/ownedFromDeals.ts).
import type { RemoteLine } from '../connector';

const num = (v: unknown): number | undefined => {
  if (v === null || v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * HubSpot line item properties read (CRM API | Line items; the properties a portal has by default):
 * `hs_product_id` (the product), `quantity`, `amount` (the line's total for one billing period:
 * quantity × price less discounts), `recurringbillingfrequency` (how often it is billed) and
 * `hs_recurring_billing_period` (the term, ISO 8601 "P12M": only a sign that the line recurs).
 */
export const HUBSPOT_LINE_PROPERTIES = ['hs_product_id', 'quantity', 'amount', 'recurringbillingfrequency', 'hs_recurring_billing_period'] as const;

/** `recurringbillingfrequency`'s options → months in one billing period. */
export const HUBSPOT_BILLING_MONTHS: Readonly<Record<string, number>> = {
  weekly: 12 / 52,
  biweekly: 12 / 26,
  monthly: 1,
  quarterly: 3,
  per_six_months: 6,
  annually: 12,
  per_two_years: 24,
  per_three_years: 36,
  per_four_years: 48,
  per_five_years: 60,
};

/**
 * A HubSpot line item: billed at a known frequency → recurring with that period; no frequency and no
 * term → one-off; a term with a frequency we do not know → recurring, the amount read as annual.
 * Without a product (a custom line) it is not one of the catalogue's products: skipped.
 */
export function hubspotLine(id: string, p: Record<string, string | null | undefined>): RemoteLine | undefined {
  if (!p.hs_product_id) return undefined;
  const quantity = num(p.quantity);
  const amount = num(p.amount);
  const months = HUBSPOT_BILLING_MONTHS[p.recurringbillingfrequency ?? ''];
  const recurs = !!p.recurringbillingfrequency || !!p.hs_recurring_billing_period;
  return {
    id,
    productCrmId: String(p.hs_product_id),
    ...(quantity !== undefined ? { quantity } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(months ? { billingMonths: months } : recurs ? {} : { oneOff: true }),
  };
}

/**
 * A Salesforce OpportunityLineItem: `Product2Id`, `Quantity`, `TotalPrice` (Quantity × UnitPrice
 * less the discount). Salesforce has no standard recurrence field on the line or on Product2, so
 * the line is read as annual (its TotalPrice is the year's), as an opportunity's products usually
 * are a year's subscription.
 */
export function salesforceLine(row: Record<string, unknown>): RemoteLine | undefined {
  if (!row.Product2Id) return undefined;
  const quantity = num(row.Quantity);
  const amount = num(row.TotalPrice);
  return { id: String(row.Id), productCrmId: String(row.Product2Id), ...(quantity !== undefined ? { quantity } : {}), ...(amount !== undefined ? { amount } : {}) };
}

/** An OpportunityLineItem row as a page's link: the deal's product, and its line (merged by id). */
export function salesforceLineLink(row: Record<string, unknown>): { dealCrmId: string; productCrmIds: string[]; lines?: RemoteLine[] } {
  const line = salesforceLine(row);
  return { dealCrmId: String(row.OpportunityId), productCrmIds: row.Product2Id ? [String(row.Product2Id)] : [], ...(line ? { lines: [line] } : {}) };
}

/**
 * Pipedrive deal products' `billing_frequency` (API v2; set on the Advanced plan and above) → months
 * in one billing period; `one-time` is a one-off.
 */
export const PIPEDRIVE_BILLING_MONTHS: Readonly<Record<string, number>> = { weekly: 12 / 52, monthly: 1, quarterly: 3, 'semi-annually': 6, annually: 12 };

/**
 * A Pipedrive deal product (GET /api/v2/deals/products): `id`, `product_id`, `quantity`, `sum` (item
 * price × quantity less the discount: one billing period's when the line recurs), else `item_price`
 * × `quantity`, and `billing_frequency`. No frequency, or `one-time`, is a one-off: a plan without
 * the subscription fields does not say that a line recurs. `billing_frequency_cycles` (how many
 * periods) is the term, not the ARR.
 */
export function pipedriveLine(row: Record<string, unknown>): RemoteLine | undefined {
  if (row.product_id === null || row.product_id === undefined) return undefined;
  const quantity = num(row.quantity);
  const price = num(row.item_price);
  const amount = num(row.sum) ?? (price !== undefined ? price * (quantity ?? 1) : undefined);
  const months = PIPEDRIVE_BILLING_MONTHS[typeof row.billing_frequency === 'string' ? row.billing_frequency : ''];
  return {
    id: String(row.id),
    productCrmId: String(row.product_id),
    ...(quantity !== undefined ? { quantity } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(months ? { billingMonths: months } : { oneOff: true }),
  };
}

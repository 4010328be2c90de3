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
 * A billing period in words (a Salesforce picklist or text field a team keeps: "Monthly", "Quarterly",
 * "Annual", "Semi-Annual", "One-Time"; CPQ's "Monthly" / "Quarterly" / "Semiannual" / "Annual"; a
 * number of months; Spanish too) → months in one period, 'one-off', or undefined when it says none.
 */
export function billingMonthsFromWords(raw: unknown): number | 'one-off' | undefined {
  if (typeof raw === 'number') return raw > 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = raw.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[_-]+/g, ' ').trim();
  if (!s) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) > 0 ? Number(s) : undefined;
  if (/one ?time|once|one off|non recurring|unico|unica|puntual/.test(s)) return 'one-off';
  if (/week|seman/.test(s)) return 12 / 52;
  if (/semi ?annual|six month|half year|semestr/.test(s)) return 6;
  if (/quarter|trimestr/.test(s)) return 3;
  if (/month|mensual|mes/.test(s)) return 1;
  if (/two year|biennial|bienal/.test(s)) return 24;
  if (/annual|year|anual|ano/.test(s)) return 12;
  return undefined;
}

/**
 * Where a Salesforce org keeps a line's billing period, looked for on connect, the line's own field
 * first, then its product's: Salesforce has no standard one; teams add a "Billing Period" or "Billing
 * Frequency" field, and Salesforce CPQ has `SBQQ__BillingFrequency__c`. The product's unit of measure
 * (`QuantityUnitOfMeasure`) is used only when its values are periods ("Month", "Year").
 */
export const SALESFORCE_BILLING_FIELDS = ['Billing_Period__c', 'Billing_Frequency__c', 'SBQQ__BillingFrequency__c'] as const;

/** A field of a described object that says a billing period: its name, or its label. */
export function salesforceBillingField(fields: ReadonlyArray<{ name: string; label: string; picklistValues?: ReadonlyArray<{ value: string }> }>): string | undefined {
  const named = SALESFORCE_BILLING_FIELDS.find((n) => fields.some((f) => f.name === n));
  if (named) return named;
  const labelled = fields.find((f) => f.name.endsWith('__c') && /billing (period|frequency)|periodo de facturaci|frecuencia de facturaci/i.test(f.label));
  if (labelled) return labelled.name;
  const uom = fields.find((f) => f.name === 'QuantityUnitOfMeasure');
  const values = uom?.picklistValues ?? [];
  if (values.length > 0 && values.every((v) => billingMonthsFromWords(v.value) !== undefined)) return uom!.name;
  return undefined;
}

/**
 * A Salesforce OpportunityLineItem: `Product2Id`, `Quantity`, `TotalPrice` (Quantity × UnitPrice
 * less the discount). Salesforce has no standard recurrence field on the line or on Product2: where
 * the org keeps one (`billingField`, a line field or `Product2.<field>`), its period says how often
 * TotalPrice is billed (monthly × 12, quarterly × 4, one-time: no ARR); otherwise, or when it is
 * empty, the line is read as annual (its TotalPrice is the year's), as an opportunity's products
 * usually are a year's subscription.
 */
export function salesforceLine(row: Record<string, unknown>, billingField?: string): RemoteLine | undefined {
  if (!row.Product2Id) return undefined;
  const quantity = num(row.Quantity);
  const amount = num(row.TotalPrice);
  const period = billingField ? billingMonthsFromWords(fieldAt(row, billingField)) : undefined;
  return {
    id: String(row.Id),
    productCrmId: String(row.Product2Id),
    ...(quantity !== undefined ? { quantity } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(period === 'one-off' ? { oneOff: true } : period !== undefined ? { billingMonths: period } : {}),
  };
}

/** A SOQL row's value at a path ("Product2.Billing_Period__c": the parent's field, nested). */
function fieldAt(row: Record<string, unknown>, path: string): unknown {
  let v: unknown = row;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/** An OpportunityLineItem row as a page's link: the deal's product, and its line (merged by id). */
export function salesforceLineLink(row: Record<string, unknown>, billingField?: string): { dealCrmId: string; productCrmIds: string[]; lines?: RemoteLine[] } {
  const line = salesforceLine(row, billingField);
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

/**
 * Dynamics 365 opportunity product columns read (Dataverse `opportunityproduct`): the line, its
 * opportunity and product (lookups), `quantity`, `extendedamount` (the amount — price per unit ×
 * quantity less the volume and manual discounts — plus `tax`) and `tax`, `priceperunit` and
 * `manualdiscountamount` for a line the price engine has not totalled. All money is in the line's
 * transaction currency, which is its opportunity's.
 */
export const DYNAMICS_LINE_COLUMNS = ['opportunityproductid', '_opportunityid_value', '_productid_value', 'quantity', 'priceperunit', 'manualdiscountamount', 'tax', 'extendedamount', 'modifiedon'] as const;

/**
 * A Dynamics 365 opportunity product: the product, `quantity` and the amount without tax
 * (`extendedamount` − `tax`, else `priceperunit` × `quantity` − `manualdiscountamount`). Dynamics has
 * no recurrence on a line or a product, so the line is read as a year's, as Salesforce's is. A
 * write-in product (no `productid`, only a description) is not one of the catalogue's: skipped.
 */
export function dynamicsLine(row: Record<string, unknown>): RemoteLine | undefined {
  const product = row._productid_value;
  if (typeof product !== 'string' || !product) return undefined;
  const quantity = num(row.quantity);
  const extended = num(row.extendedamount);
  const price = num(row.priceperunit);
  const amount = extended !== undefined ? extended - (num(row.tax) ?? 0) : price !== undefined ? price * (quantity ?? 1) - (num(row.manualdiscountamount) ?? 0) : undefined;
  return {
    id: String(row.opportunityproductid).toLowerCase(),
    productCrmId: product.toLowerCase(),
    ...(quantity !== undefined ? { quantity } : {}),
    ...(amount !== undefined ? { amount: Math.round(amount * 100) / 100 } : {}),
  };
}

/**
 * Dynamics 365 order product columns read (Dataverse `salesorderdetail`), as an opportunity
 * product's: the line, its order, the product, `quantity`, `priceperunit`, `manualdiscountamount`,
 * `tax` and `extendedamount`, in the order's transaction currency.
 */
export const DYNAMICS_ORDER_LINE_COLUMNS = ['salesorderdetailid', '_salesorderid_value', '_productid_value', 'quantity', 'priceperunit', 'manualdiscountamount', 'tax', 'extendedamount', 'modifiedon'] as const;

/**
 * A Dynamics 365 order product as its order's line (read as an opportunity product is: the amount
 * without tax, a year's), marked `ordered`; its id is `<salesorderid>/<salesorderdetailid>`, so an
 * order read again replaces its own lines only and a deleted order takes them. `factor` turns the
 * order's currency into its opportunity's (1 when they are the same).
 */
export function dynamicsOrderLine(orderId: string, row: Record<string, unknown>, factor = 1): RemoteLine | undefined {
  const line = dynamicsLine({ ...row, opportunityproductid: row.salesorderdetailid });
  if (!line) return undefined;
  return { ...line, id: `${orderId.toLowerCase()}/${line.id}`, ...(line.amount !== undefined && factor !== 1 ? { amount: Math.round(line.amount * factor * 100) / 100 } : {}), ordered: true };
}

/**
 * Zoho CRM sales order items (`Ordered_Items` of a Sales_Orders record, v7's name for its
 * Product_Details): `Product_Name` (the product's lookup), `Quantity`, `Total_After_Discount` (else
 * `Total` − `Discount`, else `List_Price` × `Quantity`; `Net_Total` adds the tax, left out), times
`factor` (the order's currency to its deal's: 1 when they are the same). Zoho has
 * no recurrence on an item or a product: read as a year's, as Salesforce's. The line's id is
 * `<sales order id>/<item id>`, so an order read again replaces its own items only.
 */
export function zohoLine(orderId: string, item: Record<string, unknown>, factor = 1): RemoteLine | undefined {
  const product = item.Product_Name && typeof item.Product_Name === 'object' ? (item.Product_Name as { id?: unknown }).id : undefined;
  if (typeof product !== 'string' || !product) return undefined;
  const quantity = num(item.Quantity);
  const total = num(item.Total);
  const list = num(item.List_Price);
  const amount = num(item.Total_After_Discount) ?? (total !== undefined ? total - (num(item.Discount) ?? 0) : list !== undefined ? list * (quantity ?? 1) - (num(item.Discount) ?? 0) : undefined);
  return {
    id: `${orderId}/${String(item.id ?? product)}`,
    productCrmId: product,
    ...(quantity !== undefined ? { quantity } : {}),
    ...(amount !== undefined ? { amount: Math.round(amount * factor * 100) / 100 } : {}),
  };
}

// A row's product into its account (background side of the import; the row is read by rows.ts with
// ownedColumns.ts). The product is the catalogue's of that name (not the demo's), else a product of
// source 'import' made once per name; the account's entry for it is added when it has none, and an
// entry entered here before is only filled where empty (never overwritten). Entries entered here
// win over the CRM's for their product (utils/domain/account/ownedFromDeals.ts), so a CRM-derived
// entry for the same product gives way. A prospect that owns a product is a customer.
import type { Account, OwnedProduct, Product } from '../../domain/entities';
import { nameKey } from '../../text/normalize';
import type { OwnedDraft } from '../ownedColumns';
import type { OutboxTx } from '../../store/outbox';

/** The id of the product an import makes for a name no product has (stable: one per name). */
export function importedProductId(name: string): string {
  return `imp-product-${nameKey(name).replace(/\s+/g, '-')}`;
}

/** The account with the product owned: the same object when nothing changed. */
export function withOwned(account: Account, productId: string, owned: OwnedDraft, today: string): Account {
  const mine = account.products.find((o) => o.productId === productId && o.source !== 'crm');
  let entry: OwnedProduct;
  if (mine) {
    entry = { ...mine };
    if (owned.seats !== undefined && mine.seats === undefined) entry.seats = owned.seats;
    if (owned.arr !== undefined && mine.arr === undefined && !mine.endedAt) entry.arr = owned.arr;
    if (entry.seats === mine.seats && entry.arr === mine.arr) return account;
  } else {
    entry = { productId, since: owned.since ?? today };
    if (owned.seats !== undefined) entry.seats = owned.seats;
    if (owned.arr !== undefined) entry.arr = owned.arr;
  }
  const products = [...account.products.filter((o) => o !== mine && !(o.productId === productId && o.source === 'crm')), entry];
  return { ...account, products, lifecycle: account.lifecycle === 'prospect' ? 'customer' : account.lifecycle };
}

/**
 * For one batch: `own(account, draft)` finds or makes the product and returns the account owning
 * it. The catalogue is read once per batch, in the batch's transaction.
 */
export function ownedProductsOf(tx: OutboxTx, nowIso: string): (account: Account, owned: OwnedDraft) => Promise<Account> {
  let byName: Map<string, string> | undefined;
  return async (account, owned) => {
    if (!byName) {
      byName = new Map();
      for (const p of await tx.objectStore('products').getAll()) if (p.source !== 'demo' && !byName.has(nameKey(p.name))) byName.set(nameKey(p.name), p.id);
    }
    const key = nameKey(owned.name);
    let productId = byName.get(key);
    if (!productId) {
      productId = importedProductId(owned.name);
      const product: Product = { id: productId, name: owned.name, family: '', listPrice: 0, currency: account.currency ?? 'EUR', unit: '', source: 'import' };
      await tx.objectStore('products').put(product);
      byName.set(key, productId);
    }
    return withOwned(account, productId, owned, nowIso.slice(0, 10));
  };
}

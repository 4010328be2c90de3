// The account's whitespace: the account and its units × the catalogue (owned, in a deal,
// whitespace ranked by propensity, or not applicable), built by whitespaceMatrix.ts.
import { type WhitespaceMatrix, whitespaceMatrix } from '../whitespaceMatrix';
import { type Account360Input } from './input';

/** The matrix for the account and the units below it (the account itself first, once). */
export function accountWhitespace(input: Account360Input): WhitespaceMatrix {
  return whitespaceMatrix({
    accountId: input.account.id,
    units: [input.account, ...(input.units ?? []).filter((u) => u.id !== input.account.id)],
    catalog: input.catalog,
    deals: input.deals ?? [],
    peers: input.peers,
    ...(input.committee ? { committee: input.committee } : {}),
  });
}

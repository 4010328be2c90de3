// The generic record the matcher compares: a person (contact, lead, a LinkedIn profile seen in a
// page) or an account (company). Every field is optional except id and kind; adapters build it
// from the store's entities, CSV rows and benchmark data.
import type { CountryCode } from 'libphonenumber-js';
import type { Account, Person } from '../domain/entities';

export type MatchKind = 'person' | 'account';

export interface MatchRecord {
  id: string;
  kind: MatchKind;
  /** people: first name(s) */
  givenName?: string;
  /** people: surname(s) */
  familyName?: string;
  /** people: the name as one string, when there are no separate fields */
  fullName?: string;
  emails?: readonly string[];
  phones?: readonly string[];
  /** people: profile URL; accounts: company page URL */
  linkedinUrl?: string;
  /** people: the company they work for; accounts: the company's own name */
  companyName?: string;
  /** website URL or domain of the company */
  companyDomain?: string;
  title?: string;
  city?: string;
  /** ISO 3166 alpha-2 ("ES", "MX") or a country name */
  country?: string;
  postcode?: string;
  state?: string;
  /** street address as one string ("Calle Mayor 12", "7 tullaroop street") */
  address?: string;
  /** YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY */
  birthDate?: string;
  /** a national identifier (DNI, SSN …) */
  nationalId?: string;
}

export interface MatchOptions {
  /** where national phone numbers are read when a record has no country (default 'ES') */
  defaultCountry?: CountryCode;
}

/** The matcher's view of a contact or lead; pass its account to compare on the company too. */
export function fromPerson(person: Person, account?: Pick<Account, 'name' | 'domain'>): MatchRecord {
  return {
    id: person.id,
    kind: 'person',
    givenName: person.firstName,
    familyName: person.lastName,
    fullName: person.fullName,
    emails: person.emails,
    ...(person.phone !== undefined && { phones: [person.phone] }),
    ...(person.linkedinUrl !== undefined && { linkedinUrl: person.linkedinUrl }),
    ...((account?.name ?? person.companyName) !== undefined && { companyName: account?.name ?? person.companyName }),
    ...(account?.domain !== undefined && { companyDomain: account.domain }),
    ...(person.title !== undefined && { title: person.title }),
    ...(person.city !== undefined && { city: person.city }),
    ...(person.country !== undefined && { country: person.country }),
  };
}

/** The matcher's view of an account. */
export function fromAccount(account: Account): MatchRecord {
  return {
    id: account.id,
    kind: 'account',
    companyName: account.name,
    ...(account.domain !== undefined && { companyDomain: account.domain }),
    ...(account.linkedinUrl !== undefined && { linkedinUrl: account.linkedinUrl }),
    ...(account.city !== undefined && { city: account.city }),
    ...(account.country !== undefined && { country: account.country }),
  };
}

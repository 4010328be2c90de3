// What a content script reads off a page: a bounded, serialisable snapshot. The background
// decides what it means; nothing here is trusted beyond its shape.
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { pageRefSchema } from './types';

const text = (max: number) => z.string().check(z.maxLength(max));

export const personSnapshotSchema = lazySchema(() => z.object({
  type: z.literal('person'),
  fullName: text(200),
  title: z.optional(text(300)),
  companyName: z.optional(text(200)),
  location: z.optional(text(200)),
  email: z.optional(text(320)),
  phone: z.optional(text(64)),
  /** Canonical https://www.linkedin.com/in/<vanity> when known. */
  linkedinUrl: z.optional(text(500)),
}));
export type PersonSnapshot = z.infer<typeof personSnapshotSchema>;

export const companySnapshotSchema = lazySchema(() => z.object({
  type: z.literal('company'),
  name: text(200),
  domain: z.optional(text(253)),
  industry: z.optional(text(200)),
  size: z.optional(text(100)),
  linkedinCompanyId: z.optional(text(200)),
  linkedinUrl: z.optional(text(500)),
}));
export type CompanySnapshot = z.infer<typeof companySnapshotSchema>;

export const dealSnapshotSchema = lazySchema(() => z.object({
  type: z.literal('deal'),
  name: text(300),
  amount: z.optional(text(64)),
  stage: z.optional(text(100)),
  companyName: z.optional(text(200)),
}));
export type DealSnapshot = z.infer<typeof dealSnapshotSchema>;

export const entitySnapshotSchema = lazySchema(() => z.discriminatedUnion('type', [
  personSnapshotSchema,
  companySnapshotSchema,
  dealSnapshotSchema,
]));
export type EntitySnapshot = z.infer<typeof entitySnapshotSchema>;

/** Which strategy found the entity: the first (most stable) one, a fallback, or none. */
export const extractionHealthSchema = lazySchema(() => z.object({
  status: z.enum(['ok', 'fallback', 'failed']),
  /** e.g. 'hubspot.contact.name: [data-selenium-test="highlightTitle"]' */
  matched: z.array(text(300)).check(z.maxLength(50)),
  missing: z.array(text(300)).check(z.maxLength(50)),
}));
export type ExtractionHealth = z.infer<typeof extractionHealthSchema>;

export const pageSnapshotSchema = lazySchema(() => z.object({
  url: text(4096),
  ref: pageRefSchema,
  entity: z.nullable(entitySnapshotSchema),
  /**
   * The page at a record URL shows no record: a sign-in wall, a 404, a private profile. The
   * sidebar then says so instead of looking the record up from the URL.
   */
  unavailable: z.optional(z.enum(['sign-in', 'not-found', 'private'])),
  health: extractionHealthSchema,
  /** ms since epoch, set by the content script when the snapshot was taken */
  takenAt: z.number(),
}));
export type PageSnapshot = z.infer<typeof pageSnapshotSchema>;

// The page-recognition contract of DESIGN.md: parsePageUrl(url) → PageRef | null.
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';

export const SITES = ['linkedin', 'salesforce', 'hubspot', 'pipedrive', 'dynamics', 'zoho'] as const;
export const siteSchema = lazySchema(() => z.enum(SITES));
export type Site = z.infer<typeof siteSchema>;

export const PAGE_KINDS = ['contact', 'lead', 'account', 'deal', 'list'] as const;
export const pageKindSchema = lazySchema(() => z.enum(PAGE_KINDS));
export type PageKind = z.infer<typeof pageKindSchema>;

export const pageRefSchema = lazySchema(() => z.object({
  site: siteSchema,
  kind: pageKindSchema,
  /** The site's own name for the object: 'Account', '0-1', 'person', 'Potentials', 'profile' … */
  objectType: z.string(),
  /** Normalised as DESIGN.md says (18-char Salesforce ids, lower-case GUIDs, numeric strings …). */
  recordId: z.optional(z.string()),
}));
export type PageRef = z.infer<typeof pageRefSchema>;

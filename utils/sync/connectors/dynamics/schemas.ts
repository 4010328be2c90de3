// Dynamics 365's replies as Dealside reads them (zod/mini, built on first use): only the fields the
// connector reads, every other field passed through. utils/sync/http.ts checks each answer against
// its schema, so a reply in another shape is a clear sync error, never a wrong record.
import * as z from 'zod/mini';
import { lazySchema } from '../../../domain/lazySchema';

const str = () => z.string();

/** A page of rows: `value`, and where the next page or the delta is. */
export const DV_PAGE = lazySchema(() =>
  z.looseObject({
    value: z.array(z.record(z.string(), z.unknown())),
    '@odata.nextLink': z.optional(str()),
    '@odata.deltaLink': z.optional(str()),
    '@odata.count': z.optional(z.number()),
  }),
);
export type Page = z.infer<typeof DV_PAGE>;
/** A change-tracked page, or (400 / 404 / 410: a delta token it no longer knows) the error. */
export const DV_PAGE_OR_ERROR = lazySchema(() =>
  z.looseObject({
    value: z.optional(z.array(z.record(z.string(), z.unknown()))),
    '@odata.nextLink': z.optional(str()),
    '@odata.deltaLink': z.optional(str()),
    error: z.optional(z.looseObject({ code: z.optional(str()), message: z.optional(str()) })),
  }),
);
export const DV_ENTITY_INFO = lazySchema(() =>
  z.looseObject({
    ChangeTrackingEnabled: z.optional(z.boolean()),
    Keys: z.optional(z.array(z.looseObject({ KeyAttributes: z.optional(z.array(str())), EntityKeyIndexStatus: z.optional(str()) }))),
  }),
);
export const DV_WHO_AM_I = lazySchema(() => z.looseObject({ UserId: z.optional(str()) }));
export const DV_ROW = lazySchema(() => z.record(z.string(), z.unknown()));
/** $batch answers come as multipart text (parseBatchAnswer reads it). */
export const DV_BATCH_TEXT = lazySchema(() => z.string());

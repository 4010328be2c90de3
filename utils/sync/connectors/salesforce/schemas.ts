// Salesforce's replies as Dealside reads them (zod/mini, built on first use): only the fields the
// connector reads, every other field passed through. utils/sync/http.ts checks each answer against
// its schema, so a reply in another shape is a clear sync error, never a wrong record.
import * as z from 'zod/mini';
import { lazySchema } from '../../../domain/lazySchema';

const str = () => z.string();

export const SF_ERROR = lazySchema(() => z.looseObject({ message: str(), errorCode: z.optional(str()), statusCode: z.optional(str()), fields: z.optional(z.array(str())) }));
export type SfError = z.infer<typeof SF_ERROR>;
export const SF_SAVE_RESULT = lazySchema(() => z.looseObject({ id: z.nullish(str()), success: z.boolean(), errors: z.array(SF_ERROR), created: z.optional(z.boolean()) }));
export type SfSaveResult = z.infer<typeof SF_SAVE_RESULT>;
export const SF_SAVE_RESULTS = lazySchema(() => z.array(SF_SAVE_RESULT));

/** A SOQL page: its rows (each with an Id), and where the next one is. */
export const SF_QUERY = lazySchema(() => z.looseObject({ totalSize: z.number(), done: z.boolean(), nextRecordsUrl: z.optional(str()), records: z.array(z.record(z.string(), z.unknown())) }));
export type QueryAnswer = z.infer<typeof SF_QUERY>;
/** A query locator's next page, or (400 / 404: it expired) Salesforce's errors. */
export const SF_QUERY_OR_ERRORS = lazySchema(() => z.union([SF_QUERY, z.array(SF_ERROR)]));

export const SF_DESCRIBE = lazySchema(() =>
  z.looseObject({
    fields: z.array(
      z.looseObject({
        name: str(),
        label: str(),
        type: str(),
        custom: z.boolean(),
        externalId: z.boolean(),
        updateable: z.boolean(),
        picklistValues: z.optional(z.array(z.looseObject({ value: str(), active: z.boolean() }))),
      }),
    ),
  }),
);
export const SF_USERINFO = lazySchema(() => z.looseObject({ user_id: z.optional(str()), name: z.optional(str()), email: z.optional(str()) }));
export const SF_DELETED = lazySchema(() =>
  z.looseObject({ deletedRecords: z.array(z.looseObject({ id: str(), deletedDate: str() })), earliestDateAvailable: z.optional(str()), latestDateCovered: z.optional(str()) }),
);
export const SF_COMPOSITE = lazySchema(() => z.looseObject({ compositeResponse: z.array(z.looseObject({ body: z.unknown(), httpStatusCode: z.number(), referenceId: str() })) }));

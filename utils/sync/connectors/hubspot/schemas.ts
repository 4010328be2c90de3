// HubSpot's replies as Dealside reads them (zod/mini, built on first use): only the fields the
// connector reads, every other field passed through. utils/sync/http.ts checks each answer against
// its schema, so a reply in another shape is a clear sync error, never a wrong record.
import * as z from 'zod/mini';
import { lazySchema } from '../../../domain/lazySchema';

const str = () => z.string();
const paging = () => z.optional(z.looseObject({ next: z.optional(z.looseObject({ after: str() })) }));

export const HS_OBJECT = lazySchema(() =>
  z.looseObject({
    id: str(),
    properties: z.record(z.string(), z.nullable(z.string())),
    createdAt: z.optional(str()),
    updatedAt: str(),
    archived: z.optional(z.boolean()),
    archivedAt: z.optional(str()),
    associations: z.optional(z.record(z.string(), z.looseObject({ results: z.array(z.looseObject({ id: str(), type: str() })) }))),
  }),
);
export type HsObject = z.infer<typeof HS_OBJECT>;

const HS_ERRORS = () => z.optional(z.array(z.looseObject({ category: str(), message: str(), context: z.optional(z.record(z.string(), z.array(z.string()))) })));

/** A batch call's answer: `{status, results, errors?}` (200, or 207 with some errors). */
export const HS_BATCH = lazySchema(() => z.looseObject({ status: str(), results: z.array(HS_OBJECT), errors: HS_ERRORS() }));
/** A batch create / upsert's answer: its results say which records were new. */
export const HS_BATCH_UPSERT = lazySchema(() => z.looseObject({ status: str(), results: z.array(z.looseObject({ ...HS_OBJECT.shape, new: z.optional(z.boolean()) })), errors: HS_ERRORS() }));
/** A batch whose results nobody reads (associations): only the errors. */
export const HS_BATCH_ANY = lazySchema(() => z.looseObject({ status: str(), results: z.array(z.unknown()), errors: HS_ERRORS() }));
export type BatchAnswer<T> = { status: string; results: T[]; errors?: Array<{ category: string; message: string; context?: Record<string, string[]> }> };

/** A list or search page of records. */
export const HS_PAGE = lazySchema(() => z.looseObject({ total: z.optional(z.number()), results: z.array(HS_OBJECT), paging: paging() }));
/** A search by our id: the records found. */
export const HS_RESULTS = lazySchema(() => z.looseObject({ results: z.array(HS_OBJECT) }));

/** Associations read in a batch (v4): each record's associated ids and, for labels, their types. */
export const HS_ASSOCIATIONS = lazySchema(() =>
  z.looseObject({
    results: z.array(
      z.looseObject({
        from: z.looseObject({ id: str() }),
        to: z.array(z.looseObject({ toObjectId: z.union([z.number(), z.string()]), associationTypes: z.optional(z.array(z.looseObject({ category: str(), typeId: z.number() }))) })),
      }),
    ),
  }),
);

/** The portal: `GET /account-info/v3/details`. */
export const HS_ACCOUNT = lazySchema(() => z.looseObject({ portalId: z.number(), companyCurrency: z.optional(str()), uiDomain: z.optional(str()) }));

/**
 * The portal's current exchange rates: `GET /settings/v3/currencies/exchange-rates/current`. Each
 * says what one unit of `fromCurrencyCode` (an additional currency) is in `toCurrencyCode` (the
 * company currency): `conversionRate`.
 */
export const HS_EXCHANGE_RATES = lazySchema(() =>
  z.looseObject({
    results: z.array(z.looseObject({ fromCurrencyCode: str(), toCurrencyCode: str(), conversionRate: z.number() })),
    paging: paging(),
  }),
);

/** An object's properties: `GET /crm/v3/properties/{type}`. */
export const HS_PROPERTIES = lazySchema(() =>
  z.looseObject({
    results: z.array(
      z.looseObject({
        name: str(),
        label: str(),
        type: str(),
        hasUniqueValue: z.optional(z.boolean()),
        hubspotDefined: z.optional(z.boolean()),
        modificationMetadata: z.optional(z.looseObject({ readOnlyValue: z.optional(z.boolean()) })),
        options: z.optional(z.array(z.looseObject({ value: str() }))),
      }),
    ),
  }),
);

/** Deal → contact association labels: `GET /crm/v4/associations/deals/contacts/labels`. */
export const HS_LABELS = lazySchema(() => z.looseObject({ results: z.array(z.looseObject({ category: str(), typeId: z.number(), label: z.nullable(str()) })) }));

/** The owners, `GET /crm/v3/owners`: `id` is what records hold, `userId` the user (null once deactivated). */
export const HS_OWNERS = lazySchema(() =>
  z.looseObject({
    results: z.array(
      z.looseObject({
        id: str(),
        email: z.nullish(str()),
        firstName: z.nullish(str()),
        lastName: z.nullish(str()),
        userId: z.nullish(z.number()),
        userIdIncludingInactive: z.nullish(z.number()),
        archived: z.optional(z.boolean()),
      }),
    ),
    paging: paging(),
  }),
);
export type HsOwner = z.infer<typeof HS_OWNERS>['results'][number];


/** An OAuth token's metadata (`GET /oauth/v1/access-tokens/{token}`): whose it is. */
export const TOKEN_METADATA = lazySchema(() => z.object({ user_id: z.optional(z.int()), user: z.optional(z.string()), hub_id: z.optional(z.int()) }));
/** One owner looked up by user id: the name to show. */
export const OWNER_PAGE = lazySchema(() => z.object({ results: z.array(z.object({ firstName: z.nullish(z.string()), lastName: z.nullish(z.string()) })) }));

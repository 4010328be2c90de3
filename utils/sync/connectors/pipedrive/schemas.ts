// Pipedrive's replies as Dealside reads them (zod/mini, built on first use): only the fields the
// connector reads, every other field passed through. utils/sync/http.ts checks each answer against
// its schema, so a reply in another shape is a clear sync error, never a wrong record.
import * as z from 'zod/mini';
import { lazySchema } from '../../../domain/lazySchema';

const num = () => z.number();
const str = () => z.string();

const ADDITIONAL = () =>
  z.nullish(
    z.looseObject({
      next_cursor: z.nullish(str()),
      last_timestamp_on_page: z.nullish(str()),
      pagination: z.nullish(z.looseObject({ more_items_in_collection: z.optional(z.boolean()), next_start: z.optional(num()) })),
    }),
  );

/** `{success, data, additional_data}` with data there (a create, a record read by id). */
function answer<T extends z.ZodMiniType>(data: T) {
  return z.looseObject({ success: z.optional(z.boolean()), data, additional_data: ADDITIONAL() });
}
/** The same where data may be null or absent (an empty list, an accepted 4xx error body). */
function list<T extends z.ZodMiniType>(item: T) {
  return z.looseObject({ success: z.optional(z.boolean()), data: z.nullish(z.array(item)), additional_data: ADDITIONAL() });
}

/** A person, organization, deal or product (API v2), its custom fields by key. */
export const PD_OBJECT = lazySchema(() => z.looseObject({ id: num(), update_time: str(), custom_fields: z.nullish(z.record(z.string(), z.unknown())) }));
export type PdObject = z.infer<typeof PD_OBJECT>;
/** A lead of the Leads inbox (v1: its id is a UUID). */
export const PD_LEAD = lazySchema(() =>
  z.looseObject({ id: str(), title: z.nullish(str()), update_time: str(), is_archived: z.optional(z.boolean()), value: z.nullish(z.looseObject({ amount: z.optional(num()), currency: z.optional(str()) })) }),
);
export type PdLead = z.infer<typeof PD_LEAD>;

export const PD_OBJECTS = lazySchema(() => list(PD_OBJECT));
export const PD_ONE_OBJECT = lazySchema(() => answer(PD_OBJECT));
export const PD_LEADS = lazySchema(() => list(PD_LEAD));
export const PD_ONE_LEAD = lazySchema(() => z.looseObject({ success: z.optional(z.boolean()), data: z.nullish(PD_LEAD) }));
/** What a create answers: the new record's id. */
export const PD_CREATED = lazySchema(() => answer(z.looseObject({ id: num() })));
export const PD_FIELD_CREATED = lazySchema(() => answer(z.looseObject({ key: str() })));
export const PD_ROLE_FIELD_CREATED = lazySchema(() =>
  answer(z.looseObject({ key: str(), name: str(), field_type: str(), options: z.optional(z.array(z.looseObject({ id: num(), label: str() }))) })),
);
export const PD_FIELDS = lazySchema(() =>
  list(z.looseObject({ key: str(), name: str(), field_type: str(), edit_flag: z.optional(z.boolean()), options: z.nullish(z.array(z.looseObject({ id: num(), label: str() }))) })),
);
export const PD_ME = lazySchema(() =>
  answer(z.looseObject({ id: z.optional(num()), name: z.optional(str()), email: z.optional(str()), company_id: num(), company_name: str(), company_domain: str() })),
);
export const PD_STAGES = lazySchema(() => list(z.looseObject({ id: num(), order_nr: num(), pipeline_id: num() })));
export const PD_USERS = lazySchema(() => list(z.looseObject({ id: num(), name: z.optional(str()), email: z.optional(str()) })));
/** Organization relationships (v1): the two organizations as objects {value, name, …} (or ids). */
export const PD_ORG_RELATIONSHIPS = lazySchema(() =>
  list(z.looseObject({ id: num(), type: str(), rel_owner_org_id: z.nullish(z.unknown()), rel_linked_org_id: z.nullish(z.unknown()) })),
);
export const PD_DEAL_PRODUCTS = lazySchema(() => list(z.record(z.string(), z.unknown())));
export const PD_RECENTS = lazySchema(() => list(z.looseObject({ item: str(), id: num(), data: z.nullable(z.looseObject({ update_time: z.optional(str()) })) })));
export const PD_SEARCH = lazySchema(() => answer(z.looseObject({ items: z.array(z.looseObject({ item: z.looseObject({ id: num() }) })) })));
export const PD_PARTICIPANTS = lazySchema(() => list(z.looseObject({ person_id: z.union([z.looseObject({ value: num() }), num()]) })));
export const PD_TOUCHES = lazySchema(() => list(z.looseObject({ id: num(), note: z.nullish(str()), content: z.nullish(str()) })));

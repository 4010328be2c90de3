// Zoho CRM's replies as Dealside reads them (zod/mini, built on first use): only the fields the
// connector reads, every other field passed through. utils/sync/http.ts checks each answer against
// its schema, so a reply in another shape is a clear sync error, never a wrong record. A list with
// nothing in it is a 204 with no body (null), which every list schema allows.
import * as z from 'zod/mini';
import { lazySchema } from '../../../domain/lazySchema';

const str = () => z.string();

/** A record as Zoho returns it: its id, the fields asked for (read by the field map), the rest. */
export const ZOHO_ROW = lazySchema(() => z.looseObject({ id: z.optional(z.unknown()) }));

export const ZOHO_INFO = lazySchema(() =>
  z.looseObject({ more_records: z.optional(z.boolean()), next_page_token: z.nullish(str()), page: z.optional(z.number()), count: z.optional(z.number()) }),
);
/** A page of records (`{data, info}`); null: 204 or 304, nothing there. */
export const ZOHO_LIST = lazySchema(() => z.nullable(z.looseObject({ data: z.optional(z.array(ZOHO_ROW)), info: z.optional(ZOHO_INFO) })));
export type ListAnswer = { data?: Array<Record<string, unknown>>; info?: z.infer<typeof ZOHO_INFO> };

/** One record's (or one call's) answer in a write: `{code, status, message, details}`. */
export const ZOHO_RECORD_ANSWER = lazySchema(() =>
  z.looseObject({
    code: z.optional(str()),
    message: z.optional(str()),
    status: z.optional(str()),
    details: z.optional(z.looseObject({ id: z.optional(str()), api_name: z.optional(str()) })),
    action: z.optional(str()),
    duplicate_field: z.nullish(str()),
  }),
);
export type RecordAnswer = z.infer<typeof ZOHO_RECORD_ANSWER>;
/** A write's answers, one per record (or the call's own error, `{code, message}`). */
export const ZOHO_WRITE = lazySchema(() => z.nullable(z.looseObject({ ...ZOHO_RECORD_ANSWER.shape, data: z.optional(z.array(ZOHO_RECORD_ANSWER)) })));

export const ZOHO_FIELDS = lazySchema(() =>
  z.nullable(
    z.looseObject({
      fields: z.optional(
        z.array(
          z.looseObject({
            api_name: str(),
            field_label: z.optional(str()),
            data_type: z.optional(str()),
            custom_field: z.optional(z.boolean()),
            read_only: z.optional(z.boolean()),
            unique: z.optional(z.unknown()),
            pick_list_values: z.optional(z.array(z.looseObject({ display_value: z.optional(str()), actual_value: z.optional(str()) }))),
          }),
        ),
      ),
    }),
  ),
);
export type FieldDef = NonNullable<NonNullable<z.infer<typeof ZOHO_FIELDS>>['fields']>[number];
/** `POST /settings/fields`: each field's answer in `fields[]`; a call refused whole says its `code`. */
export const ZOHO_FIELDS_CREATED = lazySchema(() =>
  z.nullable(z.looseObject({ fields: z.optional(z.array(ZOHO_RECORD_ANSWER)), code: z.optional(str()), message: z.optional(str()) })),
);
export const ZOHO_USERS = lazySchema(() => z.nullable(z.looseObject({ users: z.optional(z.array(ZOHO_ROW)), info: z.optional(ZOHO_INFO) })));
/** The org's currencies: `GET /org/currencies` (204 when multiple currencies are not enabled). */
export const ZOHO_CURRENCIES = lazySchema(() =>
  z.nullable(z.looseObject({ currencies: z.optional(z.array(z.looseObject({ iso_code: z.optional(z.string()), exchange_rate: z.optional(z.union([z.string(), z.number()])), is_base: z.optional(z.boolean()), is_active: z.optional(z.boolean()) }))) })),
);
export const ZOHO_ORG = lazySchema(() => z.nullable(z.looseObject({ org: z.optional(z.array(ZOHO_ROW)) })));
export const ZOHO_ROLES = lazySchema(() => z.nullable(z.looseObject({ contact_roles: z.optional(z.array(ZOHO_ROW)) })));
export const ZOHO_ROLES_ADDED = lazySchema(() => z.nullable(z.looseObject({ contact_roles: z.optional(z.array(ZOHO_RECORD_ANSWER)) })));

// Typed access to the settings store. Each setting has a zod schema; a stored value that no
// longer parses (older version, corruption) falls back to the default instead of breaking the UI.
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import type { Db } from './db';
import { perSignInSystem } from '../crms/catalogue';
import { DEFAULT_QUALIFY_SETTINGS, qualifySettingsSchema, type QualifySettings } from '../domain/qualify/qualifySettings';
import { DEFAULT_SDR_SETTINGS, sdrSettingsSchema, type SdrSettings } from '../domain/sdrSettings';
import { scoringModelSchema } from '../domain/qualification/scoringModel';
import { DEFAULT_KEY_ACCOUNT_SETTINGS, keyAccountSettingsSchema, type KeyAccountSettings } from '../domain/account/keyAccount';

export const workspaceSettingSchema = lazySchema(() => z.object({
  /** 'demo' while the demo workspace is loaded, 'empty' after it was removed */
  mode: z.enum(['demo', 'empty', 'crm']),
  demoSeededAt: z.optional(z.string()),
  demoRemovedAt: z.optional(z.string()),
}));
export type WorkspaceSetting = z.infer<typeof workspaceSettingSchema>;

/** Who is using Dealside: edits are signed with this user id. */
export const currentUserSettingSchema = lazySchema(() => z.object({ userId: z.string(), name: z.string() }));

/** Bumped whenever many records change at once (demo loaded or removed, a sync): caches built
 * from the records (the match index) know they are stale. */
const generationSchema = lazySchema(() => z.number());
/**
 * The team's own OAuth apps, entered by an admin in Options → Connections, one per CRM that signs in
 * (the catalogue's `SIGN_IN_SYSTEMS`; each CRM's sign-in checks what it needs, its `setUp.fields`):
 * a Salesforce Connected App's consumer key (public, PKCE, no secret) and its login host; a HubSpot
 * app's client id and the team's token-exchange endpoint (HubSpot's token endpoint wants the client
 * secret, which an extension cannot keep: the team's backend adds it); a Microsoft Entra app
 * registration's application id and tenant (Dynamics 365); a Zoho API console client id. Nothing
 * secret is stored here.
 */
const oauthAppSettingSchema = lazySchema(() =>
  z.object({ clientId: z.string(), loginHost: z.optional(z.string()), tokenUrl: z.optional(z.string()), tenant: z.optional(z.string()), optionalScopes: z.optional(z.string()) }),
);
export const oauthClientsSettingSchema = lazySchema(() => z.object(perSignInSystem(() => z.optional(oauthAppSettingSchema))));
export type OAuthClientsSetting = z.infer<typeof oauthClientsSettingSchema>;

/** The agreement's earlier versions, oldest first, kept when a fitted model is adopted (at most 50). */
const scoringModelHistorySchema = lazySchema(() => z.array(scoringModelSchema));

const matchIndexSnapshotSchema = lazySchema(() => z.object({ generation: z.number(), people: z.unknown(), accounts: z.unknown() }));

export const SETTINGS = {
  workspace: { schema: workspaceSettingSchema, fallback: undefined as WorkspaceSetting | undefined },
  /** scoring model, stage rules, committee templates, SLA: the team's agreement */
  qualify: { schema: qualifySettingsSchema, fallback: DEFAULT_QUALIFY_SETTINGS as QualifySettings | undefined },
  recordsGeneration: { schema: generationSchema, fallback: 0 as number | undefined },
  /** the serialised match indexes, restored on service-worker wake instead of rebuilt */
  matchIndex: { schema: matchIndexSnapshotSchema, fallback: undefined as z.infer<typeof matchIndexSnapshotSchema> | undefined },
  oauthClients: { schema: oauthClientsSettingSchema, fallback: undefined as OAuthClientsSetting | undefined },
  /** the SDR's defaults: what "Add to CRM" creates (the team's choice) */
  sdr: { schema: sdrSettingsSchema, fallback: DEFAULT_SDR_SETTINGS as SdrSettings | undefined },
  /** what makes an account a key account: its share of the team's revenue (Options → Key accounts) */
  keyAccounts: { schema: keyAccountSettingsSchema, fallback: DEFAULT_KEY_ACCOUNT_SETTINGS as KeyAccountSettings | undefined },
  /** the scoring agreement's earlier versions (Options → a score that learns: adopting keeps the old one) */
  scoringModelHistory: { schema: scoringModelHistorySchema, fallback: [] as z.infer<typeof scoringModelHistorySchema> | undefined },
  currentUser: {
    schema: currentUserSettingSchema,
    fallback: { userId: 'me', name: 'You' } as z.infer<typeof currentUserSettingSchema> | undefined,
  },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]['schema']>;

export async function getSetting<K extends SettingKey>(
  db: Db,
  key: K,
): Promise<SettingValue<K> | undefined> {
  const record = await db.get('settings', key);
  const fallback = SETTINGS[key].fallback as SettingValue<K> | undefined;
  if (!record) return fallback;
  const parsed = SETTINGS[key].schema.safeParse(record.value);
  return parsed.success ? (parsed.data as SettingValue<K>) : fallback;
}

export async function deleteSetting(db: Db, key: SettingKey): Promise<void> {
  await db.delete('settings', key);
}

/** The stored record itself (value unparsed, with its time), for editors that show both. */
export async function getSettingRecord(db: Db, key: SettingKey) {
  return db.get('settings', key);
}

export async function setSetting<K extends SettingKey>(
  db: Db,
  key: K,
  value: SettingValue<K>,
  now: Date,
): Promise<void> {
  const checked = SETTINGS[key].schema.parse(value);
  await db.put('settings', { key, value: checked, updatedAt: now.toISOString() });
}

// Zoho's data centres (one list for the connect click, the manifest, sync and Options): every
// Zoho account lives in one, signs in at its Zoho Accounts server and calls its API host. The
// region names the choice in Options, in both languages, beside the address the user knows.
export const ZOHO_DATA_CENTRES = {
  us: { region: { en: 'United States', es: 'Estados Unidos' }, label: 'zoho.com', accounts: 'https://accounts.zoho.com', api: 'https://www.zohoapis.com' },
  eu: { region: { en: 'Europe', es: 'Europa' }, label: 'zoho.eu', accounts: 'https://accounts.zoho.eu', api: 'https://www.zohoapis.eu' },
  in: { region: { en: 'India', es: 'India' }, label: 'zoho.in', accounts: 'https://accounts.zoho.in', api: 'https://www.zohoapis.in' },
  au: { region: { en: 'Australia', es: 'Australia' }, label: 'zoho.com.au', accounts: 'https://accounts.zoho.com.au', api: 'https://www.zohoapis.com.au' },
  jp: { region: { en: 'Japan', es: 'Japón' }, label: 'zoho.jp', accounts: 'https://accounts.zoho.jp', api: 'https://www.zohoapis.jp' },
  cn: { region: { en: 'China', es: 'China' }, label: 'zoho.com.cn', accounts: 'https://accounts.zoho.com.cn', api: 'https://www.zohoapis.com.cn' },
  ca: { region: { en: 'Canada', es: 'Canadá' }, label: 'zohocloud.ca', accounts: 'https://accounts.zohocloud.ca', api: 'https://www.zohoapis.ca' },
} as const;

export type ZohoDataCentre = keyof typeof ZOHO_DATA_CENTRES;
export const ZOHO_DC_IDS = Object.keys(ZOHO_DATA_CENTRES) as ZohoDataCentre[];

/** Every data centre's sign-in and API hosts, as match patterns (the manifest's optional hosts). */
export const ZOHO_HOST_PATTERNS: readonly string[] = ZOHO_DC_IDS.flatMap((dc) => [`${ZOHO_DATA_CENTRES[dc].accounts}/*`, `${ZOHO_DATA_CENTRES[dc].api}/*`]);

/** The data centre of a Zoho Accounts server or API domain (https://accounts.zoho.eu → 'eu'). */
export function zohoDataCentreOf(url: string): ZohoDataCentre | undefined {
  let origin: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return undefined;
    origin = u.origin;
  } catch {
    return undefined;
  }
  return ZOHO_DC_IDS.find((dc) => ZOHO_DATA_CENTRES[dc].accounts === origin || ZOHO_DATA_CENTRES[dc].api === origin);
}

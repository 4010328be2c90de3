// No imports: wxt.config.ts reads this for the Firefox manifest.

/**
 * Firefox's built-in data-collection consent: what a connected CRM receives from Dealside — the
 * people the rep records (names, e-mails, titles, phones: `personallyIdentifyingInfo`) and what
 * was read from CRM and LinkedIn pages (`websiteContent`). Nothing is sent anywhere until a CRM is
 * connected, so the manifest says `required: ['none']` and lists these as optional, asked for in
 * the Connect click.
 */
export const CRM_SYNC_DATA_COLLECTION = ['personallyIdentifyingInfo', 'websiteContent'] as const;

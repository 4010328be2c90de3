// The CRMs Options → Connections lists, in the order it lists them.
export const SYSTEMS = ['hubspot', 'salesforce', 'pipedrive', 'dynamics', 'zoho'] as const;
export type System = (typeof SYSTEMS)[number];

// The SDR's defaults the team sets in Options: what "Add to CRM" creates (a lead or a contact).
import * as z from 'zod/mini';
import { lazySchema } from './lazySchema';

export const sdrSettingsSchema = lazySchema(() => z.object({
  addAs: z.enum(['lead', 'contact']),
}));
export type SdrSettings = z.infer<typeof sdrSettingsSchema>;

export const DEFAULT_SDR_SETTINGS: SdrSettings = { addAs: 'lead' };

// Every word Dealside shows is in English and Spanish; settings the team edits carry both.
import * as z from 'zod/mini';
import { lazySchema } from './lazySchema';

export type Locale = 'en' | 'es';

export const bilingualSchema = lazySchema(() => z.object({ en: z.string(), es: z.string() }));
export type Bilingual = z.infer<typeof bilingualSchema>;

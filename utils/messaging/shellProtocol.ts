// Background → CRM content script: what the background asks of the in-page sidebar's frame (the
// keyboard command). Kept apart from protocol.ts so the content script bundles only this; it is
// validated on receipt there and accepted only from this extension's background (./guard.ts).
import * as z from 'zod/mini';

export const shellMessageSchema = z.object({
  /** open the in-page sidebar if folded and move keyboard focus into it */
  type: z.literal('shell/focus-sidebar'),
});
export type ShellMessage = z.infer<typeof shellMessageSchema>;

/** whether this page shows an in-page sidebar (and so took focus) */
export const shellAnswerSchema = z.object({ shown: z.boolean() });
export type ShellAnswer = z.infer<typeof shellAnswerSchema>;

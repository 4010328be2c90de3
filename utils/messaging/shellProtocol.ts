// Background → CRM content script: what the background asks of the in-page sidebar's frame (the
// keyboard command). Kept apart from protocol.ts so the content script bundles only this; it is
// validated on receipt there and accepted only from this extension's background
// (./backgroundSender.ts). Built on first use: a page load that gets no command builds nothing.
import * as z from 'zod/mini';

/** The manifest's keyboard command (wxt.config.ts `commands`): the background runs it, Options names its shortcut. */
export const OPEN_DEALSIDE_COMMAND = 'open-dealside';

function build() {
  return {
    message: z.object({
      /** open the in-page sidebar if folded and move keyboard focus into it */
      type: z.literal('shell/focus-sidebar'),
    }),
    /** whether this page shows an in-page sidebar (and so took focus) */
    answer: z.object({ shown: z.boolean() }),
  };
}

type ShellSchemas = ReturnType<typeof build>;
let built: ShellSchemas | undefined;

export function shellSchemas(): ShellSchemas {
  return (built ??= build());
}

export type ShellMessage = z.infer<ShellSchemas['message']>;
export type ShellAnswer = z.infer<ShellSchemas['answer']>;

// Shared setup for every UI surface: react-query, the UI language (Options' choice or the
// browser's, switched live), and refreshing queries when the background says something changed.
// first: the runtime's settings before any component renders
import './runtimeSettings';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { eventSchema } from '../../utils/messaging/protocol';
import { createTranslator, type Dictionary, type Translator } from '../../utils/i18n';
import type { MessageKey } from '../../utils/i18n/messages';
import { sidebarMessages } from '../../utils/i18n/sidebarMessages';
import { useUiLocale } from './useUiLocale';
import { createRefresher } from './recordQueries';

const TranslatorContext = createContext<Translator<string>>(createTranslator<string>('en', sidebarMessages));

/** The sidebar's text (every surface has it): naming an Options-only key here is a type error. */
export function useTranslator(): Translator {
  return useContext(TranslatorContext);
}

/** Every string, Options' too: only under a provider given Options' dictionary (entrypoints/options). */
export function useOptionsTranslator(): Translator<MessageKey> {
  const translator = useContext(TranslatorContext);
  if (translator.surface !== 'options') throw new Error('useOptionsTranslator: this surface loads only the sidebar’s text');
  return translator;
}

function BackgroundEvents() {
  const client = useQueryClient();
  useEffect(() => {
    const refresher = createRefresher(client);
    const listener = (message: unknown, sender: { id?: string }): undefined => {
      if (sender.id !== browser.runtime.id) return undefined; // events come from our own background only
      const event = eventSchema.safeParse(message);
      if (!event.success) return undefined; // requests between other contexts pass by here too
      switch (event.data.type) {
        case 'event/tab-changed':
          // another page on the tab: the answer under way is the old page's, cancelled
          void client.invalidateQueries({ queryKey: ['tab-view', event.data.tabId] });
          break;
        case 'event/sync-changed':
          refresher.refresh((q) => q.queryKey[0] === 'sync');
          break;
        case 'event/diagnostics-changed':
          refresher.refresh((q) => q.queryKey[0] === 'diagnostics');
          break;
        case 'event/entities-changed':
          refresher.recordsChanged(event.data);
          break;
        case 'event/workspace-changed':
          void client.invalidateQueries();
          break;
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => {
      browser.runtime.onMessage.removeListener(listener);
      refresher.stop();
    };
  }, [client]);
  return null;
}

export function DealsideProvider({
  children,
  surface,
  prefetch,
  dictionary = sidebarMessages,
}: {
  children: ReactNode;
  surface: string;
  /** the surface's UI text: the sidebar's (the default), or every string for Options (utils/i18n/messages.ts) */
  dictionary?: Dictionary<string>;
  /** reads to start at once, before the language is known and anything renders */
  prefetch?: (client: QueryClient) => void;
}) {
  const [client] = useState(() => {
    const created = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 30_000, refetchOnWindowFocus: false } } });
    prefetch?.(created);
    return created;
  });
  const locale = useUiLocale();
  const translator = useMemo(() => (locale ? createTranslator(locale, dictionary) : undefined), [locale, dictionary]);
  useEffect(() => {
    if (translator) document.documentElement.lang = translator.locale;
  }, [translator]);
  return (
    <QueryClientProvider client={client}>
      <BackgroundEvents />
      <div data-dealside-surface={surface} className="min-h-screen bg-slate-50 font-sans text-[13px] text-slate-800">
        {translator ? <TranslatorContext.Provider value={translator}>{children}</TranslatorContext.Provider> : null}
      </div>
    </QueryClientProvider>
  );
}

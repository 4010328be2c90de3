// Shared setup for every UI surface: react-query, the UI language (Options' choice or the
// browser's, switched live), and refreshing queries when the background says something changed.
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { eventSchema } from '../../utils/messaging/protocol';
import { createTranslator, type Translator } from '../../utils/i18n';
import { useUiLocale } from './useUiLocale';
import { movesWithRecords } from './recordQueries';

const TranslatorContext = createContext<Translator>(createTranslator('en'));

export function useTranslator(): Translator {
  return useContext(TranslatorContext);
}

function BackgroundEvents() {
  const client = useQueryClient();
  useEffect(() => {
    const listener = (message: unknown): undefined => {
      const event = eventSchema.safeParse(message);
      if (!event.success) return undefined; // requests between other contexts pass by here too
      switch (event.data.type) {
        case 'event/tab-changed':
          void client.invalidateQueries({ queryKey: ['tab-view', event.data.tabId] });
          break;
        case 'event/sync-changed':
          void client.invalidateQueries({ queryKey: ['sync'] });
          break;
        case 'event/diagnostics-changed':
          void client.invalidateQueries({ queryKey: ['diagnostics'] });
          break;
        case 'event/entities-changed':
          void client.invalidateQueries({ predicate: (q) => movesWithRecords(q.queryKey) });
          break;
        case 'event/workspace-changed':
          void client.invalidateQueries();
          break;
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [client]);
  return null;
}

export function DealsideProvider({
  children,
  surface,
  prefetch,
}: {
  children: ReactNode;
  surface: string;
  /** reads to start at once, before the language is known and anything renders */
  prefetch?: (client: QueryClient) => void;
}) {
  const [client] = useState(() => {
    const created = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 30_000, refetchOnWindowFocus: false } } });
    prefetch?.(created);
    return created;
  });
  const locale = useUiLocale();
  const translator = useMemo(() => (locale ? createTranslator(locale) : undefined), [locale]);
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

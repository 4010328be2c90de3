// "Is this person or company already in our CRM?" without leaving the page: type a name or an
// e-mail, see who owns it and when it was last touched.
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import { useTranslator } from '../app/DealsideProvider';
import { useFocusOnMount } from '../app/useFocusOnMount';
import { Pill } from '../ui/primitives';

/**
 * `focusOnOpen`: the popup opens to type at once; the side panel, where it sits above the tab's record,
 * leaves the focus where the rep put it.
 */
export function QuickSearch({ focusOnOpen = true }: { focusOnOpen?: boolean } = {}) {
  const { t, relativeTime } = useTranslator();
  const [query, setQuery] = useState('');
  const input = useFocusOnMount<HTMLInputElement>(focusOnOpen);
  const deferred = useDeferredValue(query.trim());
  const results = useQuery({
    queryKey: ['quick-search', deferred],
    queryFn: () => sendRequest({ type: 'search/quick', query: deferred }),
    enabled: deferred.length >= 2,
    staleTime: 10_000,
  });
  const now = new Date();
  return (
    // a search landmark: in the side panel it sits outside the record's header and main
    <div role="search" aria-label={t('quickSearchLabel')}>
      <input
        data-dealside="quick-search"
        ref={input}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t('quickSearchPlaceholder')}
        className="w-full rounded border border-slate-300 px-2 py-1"
      />
      {deferred.length >= 2 && results.data ? (
        // It scrolls: focusable, so the keyboard can scroll it (the results hold no control).
        <ul className="mt-1 max-h-72 space-y-1 overflow-auto" data-dealside="quick-results" tabIndex={0} aria-label={t('quickSearchResults')}>
          {results.data.length === 0 ? <li className="text-slate-500">{t('quickSearchNone')}</li> : null}
          {results.data.map((r) => (
            <li key={r.id} data-dealside="quick-result" className="rounded border border-slate-100 bg-white px-2 py-1">
              <div className="flex items-center gap-1">
                <Pill tone={r.kind === 'lead' ? 'amber' : r.kind === 'account' ? 'slate' : 'blue'}>{t(r.kind)}</Pill>
                <span className="truncate font-medium">{r.name}</span>
              </div>
              <div className="truncate text-[11px] text-slate-600">{r.detail}</div>
              <div className="text-[11px] text-slate-500">
                {t('owner')}: {r.ownerName ?? t('noOwner')}
                {r.lastActivityAt ? ` · ${relativeTime(r.lastActivityAt, now)}` : ''}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {results.isError ? <p className="text-rose-700">{results.error.message}</p> : null}
    </div>
  );
}

// A section of the sidebar that folds to one line: its title and a summary of what is inside, so
// a folded sidebar still answers at a glance. Open or folded is remembered per section for the
// user (browser.storage.local, shared by the in-page sidebar and the side panel).
import { createContext, useCallback, useContext, useEffect, useId, useState, type ReactNode } from 'react';
import { browser } from 'wxt/browser';

const FOLDS_KEY = 'ui.folds';

/** `read`: the user's choices have been read (until then every section would show its default). */
type Folds = { open: Record<string, boolean>; read: boolean; set: (id: string, open: boolean) => void };

const FoldsContext = createContext<Folds>({ open: {}, read: true, set: () => {} });

/** Whether the user's open / folded choices are in yet (the sidebar draws its sections once they are). */
export function useFoldsRead(): boolean {
  return useContext(FoldsContext).read;
}

export function FoldsProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [read, setRead] = useState(false);
  useEffect(() => {
    let alive = true;
    const read = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, boolean>) : {});
    void browser.storage.local
      .get(FOLDS_KEY)
      .then((v) => alive && setOpen(read(v[FOLDS_KEY])))
      // unreadable: the defaults, rather than no sections at all
      .catch(() => undefined)
      .finally(() => alive && setRead(true));
    // Another surface (the side panel, another tab's sidebar) folded something: follow it.
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && changes[FOLDS_KEY]) setOpen(read(changes[FOLDS_KEY].newValue));
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  const set = useCallback((id: string, value: boolean) => {
    setOpen((prev) => {
      const next = { ...prev, [id]: value };
      void browser.storage.local.set({ [FOLDS_KEY]: next });
      return next;
    });
  }, []);
  return <FoldsContext.Provider value={{ open, read, set }}>{children}</FoldsContext.Provider>;
}

export function Fold({
  id,
  title,
  summary,
  defaultOpen = false,
  tone = 'plain',
  late = false,
  children,
}: {
  /** stable name of the section: what is remembered, and `data-section` for tests */
  id: string;
  title: string;
  /** one line of what is inside, shown beside the title (and all there is when folded) */
  summary?: ReactNode;
  defaultOpen?: boolean;
  tone?: 'plain' | 'warn';
  /** its content came after the view was drawn (in place of a FoldLine): `data-arrived="late"` */
  late?: boolean;
  children: ReactNode;
}) {
  const folds = useContext(FoldsContext);
  const open = folds.open[id] ?? defaultOpen;
  const bodyId = useId();
  const frame = tone === 'warn' ? 'border-amber-300 bg-amber-50' : 'border-slate-200 bg-white';
  return (
    <section data-dealside="section" data-section={id} data-open={open ? 'true' : 'false'} data-arrived={late ? 'late' : undefined} className={`rounded-lg border ${frame} shadow-sm`}>
      <h2 className="m-0">
        <button
          type="button"
          data-dealside="section-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => folds.set(id, !open)}
          className="flex w-full items-baseline gap-2 rounded-lg px-3 py-2 text-left"
        >
          <span aria-hidden="true" className="w-3 shrink-0 text-[11px] text-slate-600">
            {open ? '▾' : '▸'}
          </span>
          <span className="shrink-0 text-[11px] font-semibold tracking-wide text-slate-700 uppercase">{title}</span>
          {summary ? (
            <span data-dealside="section-summary" className="min-w-0 flex-1 truncate text-[12px] text-slate-700">
              {summary}
            </span>
          ) : null}
        </button>
      </h2>
      {/* Folded content stays in the document, hidden: its summary is read from it, and what the
          page matched stays findable (tests, "find in page" of the side panel). */}
      <div id={bodyId} hidden={!open} className="px-3 pb-3">
        {children}
      </div>
    </section>
  );
}

/**
 * A section's place held by one line: what it will hold is still coming (`pending`), or there is
 * nothing to show. The same box and height as a folded Fold, so the section that replaces it moves
 * nothing below; no control, and announced to screen readers as it changes.
 */
export function FoldLine({ id, title, status, pending = false }: { id: string; title: string; status: string; pending?: boolean }) {
  return (
    <section
      data-dealside={pending ? `${id}-pending` : `${id}-none`}
      data-section={id}
      role="status"
      aria-busy={pending}
      className="rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <h2 className="m-0">
        <div className="flex w-full items-baseline gap-2 rounded-lg px-3 py-2 text-left">
          <span aria-hidden="true" className="w-3 shrink-0 text-[11px] text-slate-600">
            {pending ? '…' : '·'}
          </span>
          <span className="shrink-0 text-[11px] font-semibold tracking-wide text-slate-700 uppercase">{title}</span>
          <span className="min-w-0 flex-1 truncate text-[12px] text-slate-600">{status}</span>
        </div>
      </h2>
    </section>
  );
}

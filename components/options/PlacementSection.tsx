// Where Dealside shows on CRM pages: beside the page (the in-page sidebar, the default) or in the
// browser's side panel, which leaves the CRM page untouched (utils/page/crmPlacement.ts). Stored in
// storage.local; open CRM tabs, the background and this page follow a change at once.
import { useEffect, useState, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { readCrmPlacement, saveCrmPlacement, watchCrmPlacement, type CrmPlacement } from '../../utils/page/crmPlacement';
import { OPEN_DEALSIDE_COMMAND } from '../../utils/messaging/shellProtocol';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card } from '../ui/primitives';

/** The keyboard shortcut the user has for "open Dealside" ('' when none is set), or undefined until read. */
function useOpenShortcut(): string | undefined {
  const [shortcut, setShortcut] = useState<string>();
  useEffect(() => {
    let live = true;
    const commands = (browser as { commands?: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } }).commands;
    void (commands?.getAll() ?? Promise.resolve([]))
      .then((all) => live && setShortcut(all.find((c) => c.name === OPEN_DEALSIDE_COMMAND)?.shortcut ?? ''))
      .catch(() => live && setShortcut(''));
    return () => {
      live = false;
    };
  }, []);
  return shortcut;
}

export function PlacementSection() {
  const { t } = useOptionsTranslator();
  const [placement, setPlacement] = useState<CrmPlacement>();
  useEffect(() => {
    let live = true;
    void readCrmPlacement().then((stored) => live && setPlacement((seen) => seen ?? stored));
    const stop = watchCrmPlacement(setPlacement);
    return () => {
      live = false;
      stop();
    };
  }, []);
  const shortcut = useOpenShortcut();
  const choose = (value: CrmPlacement) => {
    setPlacement(value);
    void saveCrmPlacement(value);
  };
  // The side panel's line names how to open it: the toolbar button (Chrome) or Firefox's sidebar,
  // and the user's own shortcut for the command.
  const [before, after = ''] = t(import.meta.env.FIREFOX ? 'placementSidePanelHintFirefox' : 'placementSidePanelHint').split('{shortcut}');
  const choices: { value: CrmPlacement; label: string; hint: ReactNode }[] = [
    { value: 'page', label: t('placementPage'), hint: t('placementPageHint') },
    {
      value: 'sidePanel',
      label: t('placementSidePanel'),
      hint: (
        <>
          {before}
          {shortcut ? <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans text-[12px] text-slate-700">{shortcut}</kbd> : t('placementNoShortcut')}
          {after}
        </>
      ),
    },
  ];
  return (
    <Card>
      <fieldset data-dealside="placement" disabled={placement === undefined}>
        <legend className="mb-2 text-[15px] font-semibold">{t('placementTitle')}</legend>
        <div className="space-y-2">
          {choices.map((c) => (
            <label key={c.value} className="flex items-start gap-2">
              <input
                type="radio"
                className="mt-1"
                name="dealside-placement"
                value={c.value}
                data-dealside={`placement-${c.value}`}
                checked={placement === c.value}
                onChange={() => choose(c.value)}
                aria-describedby={`placement-${c.value}-hint`}
              />
              <span>
                <span className="block font-medium">{c.label}</span>
                <span id={`placement-${c.value}-hint`} className="block text-slate-600">
                  {c.hint}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </Card>
  );
}

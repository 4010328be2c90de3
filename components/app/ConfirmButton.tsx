// A destructive action asked twice, inside our own frame: the first click only shows the question
// and the real button somewhere else, so one click a page tricks the user into (a decoy under a
// faded sidebar) cannot discard anything. The rep confirms with a second click or Enter.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslator } from './DealsideProvider';

export function ConfirmButton({
  label,
  question,
  yes,
  onConfirm,
  disabled,
  className,
  dataName,
}: {
  label: ReactNode;
  question: string;
  yes: string;
  onConfirm: () => void;
  disabled?: boolean;
  className: string;
  /** the `data-dealside` name of the first button; the confirming one is `<name>-yes` */
  dataName: string;
}) {
  const { t } = useTranslator();
  const [asking, setAsking] = useState(false);
  const yesRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yesRef.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button type="button" data-dealside={dataName} disabled={disabled} className={className} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span role="group" aria-label={question} className="flex flex-wrap items-center gap-1 text-[12px]">
      <span data-dealside={`${dataName}-question`}>{question}</span>
      <button
        ref={yesRef}
        type="button"
        data-dealside={`${dataName}-yes`}
        disabled={disabled}
        className="rounded border border-rose-700 bg-rose-700 px-2 py-0.5 text-[11px] font-medium text-white disabled:opacity-50"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {yes}
      </button>
      <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-[11px] text-slate-700" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </span>
  );
}

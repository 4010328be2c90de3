// A sync error in the UI's language: the sentence for its code, then the CRM's own words as a
// smaller, labelled detail (./syncErrors.ts). Rendered as text.
import { explainSyncError, type SyncErrorShown } from './syncErrors';
import { useOptionsTranslator } from '../../app/DealsideProvider';

type Shell = { className: string; 'data-dealside'?: string };

export function SyncErrorText({ error, crm, ...shell }: Shell & { error: SyncErrorShown; crm: string }) {
  const tr = useOptionsTranslator();
  return <SyncErrorLines {...explainSyncError(error, crm, tr)} code={error.code} {...shell} />;
}

export function SyncErrorLines({ text, detail, code, className, ...rest }: Shell & { text: string; detail?: string; code: string }) {
  return (
    <div className={className} data-error-code={code} {...rest}>
      {text}
      {detail ? (
        <div data-dealside="error-detail" className="mt-0.5 text-[11px] break-words opacity-80">
          {detail}
        </div>
      ) : null}
    </div>
  );
}

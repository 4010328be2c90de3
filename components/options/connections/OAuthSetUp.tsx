// The admin's set-up of the team's OAuth app, one panel for every CRM that signs in: the callback
// URL to register (with a copy button), the app's own fields (each CRM names its), save and remove.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import type { RequestOf } from '../../../utils/messaging/protocol';
import type { SetUpFieldSpec } from '../../../utils/crms/catalogue';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { Alert, Labelled, input, primary, secondary } from './ui';

export type OAuthSystem = RequestOf<'sync/oauth-set'>['system'];
type OAuthClient = NonNullable<RequestOf<'sync/oauth-set'>['client']>;
type OAuthKey = keyof OAuthClient;

/** One field of the team's app: the catalogue's field with its label in the UI's language. */
export type SetUpField = Omit<SetUpFieldSpec, 'label'> & { label: string };

/** The fields of a CRM's app as its catalogue entry names them, labelled in the UI's language. */
export function useSetUpFields(specs: readonly SetUpFieldSpec[]): SetUpField[] {
  const { t } = useOptionsTranslator();
  return specs.map((spec) => ({ ...spec, label: t(spec.label) }));
}

export function OAuthSetUp({
  system,
  hint,
  fields,
  current,
  redirectUri,
}: {
  system: OAuthSystem;
  hint: string;
  fields: SetUpField[];
  /** the app saved so far */
  current: { [K in OAuthKey]?: string | undefined } | undefined;
  redirectUri: string | undefined;
}) {
  const { t } = useOptionsTranslator();
  const client = useQueryClient();
  const [draft, setDraft] = useState<{ [K in OAuthKey]?: string }>({});
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const value = (key: OAuthKey) => draft[key] ?? current?.[key] ?? '';
  const entered = () => {
    const app: OAuthClient = { clientId: '' };
    for (const { key } of fields) if (value(key).trim()) app[key] = value(key).trim();
    return app;
  };
  const save = useMutation({
    mutationFn: (remove: boolean) => sendRequest({ type: 'sync/oauth-set', system, client: remove ? null : entered() }),
    onSuccess: (data) => {
      client.setQueryData(['sync', 'oauth'], data);
      setDraft({});
      setSaved(true);
    },
  });
  const canSave = fields.every((f) => !f.required || value(f.key).trim().length > 0) && !save.isPending;
  return (
    <details data-dealside="oauth-setup" className="rounded border border-slate-200 px-2 py-1">
      <summary className="cursor-pointer text-[12px] font-medium">{t('oauthSetupTitle')}</summary>
      <div className="mt-2 space-y-2">
        <p className="text-[12px] text-slate-600">{hint}</p>
        {redirectUri ? (
          <Labelled label={t('oauthCallbackUrl')}>
            <div className="flex gap-1">
              <input data-dealside="oauth-redirect" className={input} readOnly value={redirectUri} onFocus={(e) => e.target.select()} />
              <button
                type="button"
                className={secondary}
                onClick={() => {
                  void navigator.clipboard?.writeText(redirectUri).then(() => setCopied(true), () => setCopied(false));
                }}
              >
                {copied ? t('copied') : t('copy')}
              </button>
            </div>
          </Labelled>
        ) : null}
        {fields.map((field) => (
          <Labelled key={field.key} label={field.label}>
            <input
              data-dealside={field.name}
              className={input}
              {...(field.url ? { type: 'url' } : { autoComplete: 'off', spellCheck: false })}
              value={value(field.key)}
              placeholder={field.placeholder}
              onChange={(e) => {
                setSaved(false);
                setDraft((d) => ({ ...d, [field.key]: e.target.value }));
              }}
            />
          </Labelled>
        ))}
        <div className="flex items-center gap-2">
          <button type="button" data-dealside="oauth-save" className={primary} disabled={!canSave} onClick={() => save.mutate(false)}>
            {t('oauthSave')}
          </button>
          {current ? (
            <button type="button" data-dealside="oauth-remove" className={secondary} disabled={save.isPending} onClick={() => save.mutate(true)}>
              {t('oauthRemove')}
            </button>
          ) : null}
          {saved ? (
            <span data-dealside="oauth-saved" className="text-emerald-700">
              {t('oauthSaved')}
            </span>
          ) : null}
        </div>
        {save.isError ? <Alert name="oauth-error">{save.error.message}</Alert> : null}
      </div>
    </details>
  );
}

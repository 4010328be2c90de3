// Field-level sync conflicts of the records on this page (issue #6): the CRM changed a field that
// also has a local edit not sent yet. Neither value is dropped: both are shown and the rep chooses.
import { crmName } from '../../utils/crms/names';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import type { SyncConflictMessage } from '../../utils/messaging/protocol';
import type { EntityView } from '../../utils/messaging/views';
import type { SidebarKey, Translator } from '../../utils/i18n';
import { BUDGET_ANSWER_LABELS, HORIZON_LABELS, LETTER_LABELS, NEED_CATEGORY_LABELS, STATUS_LABELS } from '../../utils/domain/words/labels';
import type { Bilingual } from '../../utils/domain/bilingual';
import { ELEMENT_OPTIONS, elementOption, elementWord, type OwnElementId } from '../../utils/domain/qualification/frameworks';
import { useTranslator } from '../app/DealsideProvider';
import { ConfirmButton } from '../app/ConfirmButton';

type Value = SyncConflictMessage['localValue'];

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Budget · evidence" for 'bant.budget.note'; undefined for fields that are not BANT answers. */
export function bantFieldLabel(field: string, tr: Translator): string | undefined {
  const m = /^bant\.(budget|authority|need|timing)\.(\w+)$/.exec(field);
  if (!m) return undefined;
  const letter = m[1] as keyof typeof LETTER_LABELS;
  return `${capitalise(LETTER_LABELS[letter][tr.locale])} · ${tr.t(`bantPart.${m[2]}` as SidebarKey) ?? m[2]}`;
}

/**
 * "Champion · status" for 'element.champion.status' (the element under the given word, else its
 * usual one); undefined for fields that are not framework elements.
 */
export function elementFieldLabel(field: string, tr: Translator, word?: Bilingual): string | undefined {
  const m = /^element\.([a-z-]+)\.(status|answer|note)$/.exec(field);
  if (!m || !Object.hasOwn(ELEMENT_OPTIONS, m[1]!)) return undefined; // BANT's letters sync as BANT
  return `${(word ?? elementWord(m[1] as OwnElementId))[tr.locale]} · ${tr.t(`bantPart.${m[2]}` as SidebarKey)}`;
}

const SYNC_FIELDS = [
  'name', 'domain', 'industry', 'employees', 'country', 'city', 'firstName', 'lastName', 'email', 'phone', 'title',
  'companyName', 'linkedinUrl', 'amount', 'currency', 'stage', 'closeDate', 'listPrice', 'family', 'unit',
] as const;

/**
 * A synced field in the rep's language: a BANT answer ("Budget · evidence"), a logged touch
 * (`activity:call` → "Call"), a link (`link:account` → "link · account") or a record field
 * ("Job title" / "Cargo"). Unknown fields are shown as they are named.
 */
export function syncFieldLabel(field: string, tr: Translator): string {
  const bant = bantFieldLabel(field, tr) ?? elementFieldLabel(field, tr);
  if (bant) return bant;
  const touch = /^activity:([\w-]+)$/.exec(field);
  if (touch) return tr.t(`activity.${touch[1]}` as SidebarKey) ?? touch[1];
  const link = /^link:(\w+)$/.exec(field);
  if (link) return `${tr.t('op.associate')} · ${tr.t((link[1] === 'person' ? 'contact' : link[1]) as SidebarKey) ?? link[1]}`;
  if ((SYNC_FIELDS as readonly string[]).includes(field)) return tr.t(`syncField.${field}` as SidebarKey);
  return field;
}

/** A field's value in the rep's words. */
export function formatSyncValue(field: string, value: Value, tr: Translator): string {
  if (value === null || value === '') return tr.t('emptyValue');
  const { locale } = tr;
  const pick = (labels: Record<string, { en: string; es: string }>) => labels[String(value)]?.[locale] ?? String(value);
  if (/^(bant\.\w+|element\.[a-z-]+)\.status$/.test(field)) return pick(STATUS_LABELS);
  const option = /^element\.([a-z-]+)\.answer$/.exec(field);
  if (option && Object.hasOwn(ELEMENT_OPTIONS, option[1]!)) return elementOption(option[1] as OwnElementId, String(value))?.label[locale] ?? String(value);
  if (field === 'bant.budget.answer') return pick(BUDGET_ANSWER_LABELS);
  if (field === 'bant.need.category') return pick(NEED_CATEGORY_LABELS);
  if (field === 'bant.timing.horizon') return pick(HORIZON_LABELS);
  if (typeof value === 'boolean') return field === 'bant.authority.engaged' ? tr.t(value ? 'engaged' : 'notEngaged') : String(value);
  if (field === 'bant.timing.targetDate' || field === 'closeDate') return tr.date(String(value));
  if (field === 'stage') return tr.t(`stage.${String(value)}` as SidebarKey) ?? String(value);
  if (typeof value === 'number') return value.toLocaleString(locale === 'es' ? 'es-ES' : 'en-GB');
  return String(value);
}

/** Ids of the records a tab view shows: the people, accounts and deals, and the deal or lead qualified. */
function recordIds(entity: EntityView): string[] {
  const ids = [
    ...entity.people.map((p) => p.id),
    ...entity.accounts.map((a) => a.account.id),
    ...entity.deals.map((d) => d.deal.id),
    ...(entity.qualification ? [entity.qualification.entityId] : []),
  ];
  return [...new Set(ids)];
}

function ConflictRow({ conflict }: { conflict: SyncConflictMessage }) {
  const tr = useTranslator();
  const { t } = tr;
  const client = useQueryClient();
  const crm = crmName(conflict.system);
  const resolve = useMutation({
    mutationFn: (choice: 'local' | 'remote') => sendRequest({ type: 'sync/resolve-conflict', conflictId: conflict.id, choice }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['sync'] });
      void client.invalidateQueries({ queryKey: ['tab-view'] });
    },
  });
  const label = syncFieldLabel(conflict.field, tr);
  const button = 'shrink-0 rounded border px-2 py-0.5 text-[12px] font-medium disabled:opacity-50';
  return (
    <li data-dealside="conflict" data-field={conflict.field} data-system={conflict.system} className="border-t border-amber-200 py-2 first:border-t-0">
      <div className="mb-1 font-semibold text-slate-800">{label}</div>
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <span className="text-slate-500">{t('conflictYours')}: </span>
          <span data-dealside="conflict-local" className="font-medium break-words">{formatSyncValue(conflict.field, conflict.localValue, tr)}</span>
        </div>
        <button
          data-dealside="conflict-keep-local"
          disabled={resolve.isPending}
          className={`${button} border-teal-700 bg-teal-700 text-white`}
          onClick={() => resolve.mutate('local')}
        >
          {t('keepMine')}
        </button>
      </div>
      <div className="mt-1 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <span className="text-slate-500">{t('conflictTheirs').replace('{crm}', crm)}: </span>
          <span data-dealside="conflict-remote" className="font-medium break-words">{formatSyncValue(conflict.field, conflict.remoteValue, tr)}</span>
        </div>
        <ConfirmButton
          dataName="conflict-take-remote"
          label={t('useTheirs').replace('{crm}', crm)}
          question={t('useTheirsConfirm').replace('{crm}', crm)}
          yes={t('useTheirsYes')}
          disabled={resolve.isPending}
          className={`${button} border-slate-400 bg-white text-slate-800`}
          onConfirm={() => resolve.mutate('remote')}
        />
      </div>
      {resolve.isError ? <p className="mt-1 text-[12px] text-rose-700">{resolve.error.message}</p> : null}
    </li>
  );
}

/** Renders nothing unless a record on the page has a conflict. */
export function ConflictsPanel({ entity }: { entity: EntityView }) {
  const { t } = useTranslator();
  const ids = recordIds(entity);
  const conflicts = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['sync', 'conflicts', id],
      queryFn: () => sendRequest({ type: 'sync/conflicts', entityId: id }),
      staleTime: 0,
      retry: false,
    })),
    combine: (results) => {
      const seen = new Map<string, SyncConflictMessage>();
      for (const r of results) for (const c of r.data ?? []) seen.set(c.id, c);
      return [...seen.values()];
    },
  });
  if (conflicts.length === 0) return null;
  const systems = [...new Set(conflicts.map((c) => crmName(c.system)))];
  return (
    <section data-dealside="conflicts" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-950 shadow-sm">
        <div className="mb-1 font-semibold">⚠ {t('conflictsTitle').replace('{crm}', systems.join(' / '))}</div>
        <ul>
          {conflicts.map((c) => (
            <ConflictRow key={c.id} conflict={c} />
          ))}
        </ul>
    </section>
  );
}

// The mapping of BANT answers to the CRM's own fields, per entity (deal, contact, lead).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import type { MessageKey } from '../../../utils/i18n/messages';
import { useTranslator } from '../../app/DealsideProvider';
import { bantFieldLabel } from '../../sidebar/ConflictsPanel';
import { MappingTable } from './MappingTable';
import type { System } from './systems';

/** The BANT answers that sync, in the order the sidebar shows them. */
const BANT_SYNC_FIELDS = [
  'bant.budget.status',
  'bant.budget.answer',
  'bant.budget.amount',
  'bant.budget.note',
  'bant.authority.status',
  'bant.authority.engaged',
  'bant.authority.note',
  'bant.need.status',
  'bant.need.category',
  'bant.need.statement',
  'bant.need.note',
  'bant.timing.status',
  'bant.timing.horizon',
  'bant.timing.targetDate',
  'bant.timing.note',
] as const;

type MapEntity = 'deal' | 'person' | 'lead';

export function FieldMapping({ system }: { system: System }) {
  const tr = useTranslator();
  const { t } = tr;
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [entity, setEntity] = useState<MapEntity>('deal');
  const [draft, setDraft] = useState<Record<string, string | null>>({});
  const [saved, setSaved] = useState(false);
  const fields = useQuery({
    queryKey: ['sync', 'fields', system, entity],
    queryFn: () =>
      sendRequest({ type: 'sync/fields', system, entity: entity === 'lead' ? 'person' : entity, ...(entity === 'lead' ? { kind: 'lead' as const } : entity === 'person' && (system === 'salesforce' || system === 'dynamics' || system === 'zoho') ? { kind: 'contact' as const } : {}) }),
    enabled: open,
    staleTime: 60_000,
  });
  const save = useMutation({
    mutationFn: () => sendRequest({ type: 'sync/map-fields', system, entity, map: draft }),
    onSuccess: () => {
      setDraft({});
      setSaved(true);
      void client.invalidateQueries({ queryKey: ['sync'] });
    },
  });
  const current: Record<string, string> = {};
  for (const f of fields.data ?? []) if (f.mappedTo) current[f.mappedTo] = f.name;
  const choices = (fields.data ?? []).filter((f) => f.writable).sort((a, b) => Number(b.custom) - Number(a.custom) || a.label.localeCompare(b.label));
  const entities: MapEntity[] = system === 'salesforce' || system === 'dynamics' || system === 'zoho' ? ['deal', 'person', 'lead'] : ['deal', 'person'];
  const entityLabel: Record<MapEntity, MessageKey> = { deal: 'deals', person: 'contacts', lead: 'lead' };

  return (
    <details className="mt-3 border-t border-slate-100 pt-2" data-dealside="field-mapping" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer font-medium">{t('fieldMapping')}</summary>
      <p className="my-2 text-[12px] text-slate-600">{t('fieldMappingHint')}</p>
      <div className="mb-2 flex gap-1">
        {entities.map((e) => (
          <button
            key={e}
            type="button"
            data-dealside="mapping-entity"
            data-entity={e}
            aria-pressed={entity === e}
            className={`rounded px-2 py-0.5 ${entity === e ? 'bg-slate-800 text-white' : 'border border-slate-300'}`}
            onClick={() => {
              setEntity(e);
              setDraft({});
              setSaved(false);
            }}
          >
            {t(entityLabel[e])}
          </button>
        ))}
      </div>
      {fields.isPending && open ? <p>{t('loading')}</p> : null}
      {fields.isError ? <p className="text-rose-700">{fields.error.message}</p> : null}
      {fields.data ? (
        <>
          <MappingTable
            rows={BANT_SYNC_FIELDS.map((field) => ({ key: field, label: bantFieldLabel(field, tr) ?? field, value: field in draft ? draft[field] : current[field] }))}
            options={choices.map((c) => ({ value: c.name, label: c.label === c.name ? c.name : `${c.label} (${c.name})` }))}
            selectProps={(field) => ({ 'data-dealside': 'mapping-select', 'data-field': field })}
            onChange={(field, value) => {
              setSaved(false);
              setDraft((d) => ({ ...d, [field]: value }));
            }}
            save={{ name: 'save-mapping', label: t('saveMapping'), savedName: 'mapping-saved', savedLabel: t('mappingSaved'), dirty: Object.keys(draft).length > 0, saved, mutation: save }}
          />
        </>
      ) : null}
    </details>
  );
}

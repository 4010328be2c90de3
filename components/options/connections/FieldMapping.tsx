// The mapping of qualification answers to the CRM's own fields, per entity (deal, contact, lead):
// BANT's (the connectors create fields for them), then the elements of the other frameworks the
// team qualifies with (Options → Qualification framework), which the team maps to existing fields.
// Above them, the fields the account plan reads from the CRM and never writes (pull-only): a deal's
// type, and on accounts the ABM tier and the marketing owner.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import type { MessageKey } from '../../../utils/i18n/messages';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import type { QualifySettings } from '../../../utils/domain/qualify/qualifySettings';
import { frameworksInUse, mappableElements } from '../../../utils/domain/qualification/frameworkRules';
import { bantFieldLabel, elementFieldLabel } from '../../sidebar/ConflictsPanel';
import { MappingTable } from './MappingTable';
import { BANT_FIELDS } from '../../../utils/domain/fields/recordFields';
import { hasLastActivityColumn, leadsApart } from '../../../utils/crms/catalogue';
import type { System } from './systems';

/** The BANT answers that sync, in the order the sidebar shows them (sync's own list). */
const BANT_SYNC_FIELDS = Object.keys(BANT_FIELDS);

type MapEntity = 'deal' | 'person' | 'lead' | 'account';

/**
 * The pull-only fields the team maps, per entity (recordFields: pullOnly). The CRM's last activity
 * is mapped on connect where the CRM keeps one; here the team can pick another date, or none (not
 * on Dynamics 365, which keeps none: its activities are read as touches).
 */
const READ_FIELDS: Record<MapEntity, readonly ('dealType' | 'tier' | 'marketingOwnerId' | 'crmActivityAt')[]> = {
  deal: ['dealType', 'crmActivityAt'],
  person: ['crmActivityAt'],
  lead: ['crmActivityAt'],
  account: ['tier', 'marketingOwnerId', 'crmActivityAt'],
};

const ELEMENT_PARTS = ['status', 'answer', 'note'] as const;

export function FieldMapping({ system }: { system: System }) {
  const tr = useOptionsTranslator();
  const { t } = tr;
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [entity, setEntity] = useState<MapEntity>('deal');
  const [draft, setDraft] = useState<Record<string, string | null>>({});
  // what the last save said: a field mapped anew makes the next sync read every record again
  // (SyncService.setFieldMap drops that kind's cursors); a mapping only removed reads nothing again
  const [saved, setSaved] = useState<false | 'reread' | 'removed'>(false);
  const fields = useQuery({
    queryKey: ['sync', 'fields', system, entity],
    queryFn: () =>
      sendRequest({ type: 'sync/fields', system, entity: entity === 'lead' ? 'person' : entity, ...(entity === 'lead' ? { kind: 'lead' as const } : entity === 'person' && leadsApart(system) ? { kind: 'contact' as const } : {}) }),
    enabled: open,
    staleTime: 60_000,
  });
  const qualify = useQuery({ queryKey: ['qualify-settings'], queryFn: () => sendRequest({ type: 'settings/qualify-get' }), enabled: open });
  const choice = (qualify.data?.settings as QualifySettings | undefined)?.frameworks;
  const elements = mappableElements(choice);
  const others = frameworksInUse(choice).filter((f) => f.id !== 'bant').map((f) => f.name).join(', ');
  const save = useMutation({
    mutationFn: () => sendRequest({ type: 'sync/map-fields', system, entity, map: draft }),
    // The table shows the draft until the fields are read again with the saved mapping: cleared at
    // once, it showed the mapping from before the save (the cached fields) while the message said it
    // was saved — for as long as the read took, or for good if it failed.
    onSuccess: async () => {
      const next = Object.values(draft).some((v) => v !== null) ? 'reread' : 'removed';
      await client.invalidateQueries({ queryKey: ['sync', 'fields', system, entity] }).catch(() => undefined);
      setDraft({});
      setSaved(next);
      void client.invalidateQueries({ queryKey: ['sync'] });
    },
  });
  const current: Record<string, string> = {};
  for (const f of fields.data ?? []) if (f.mappedTo) current[f.mappedTo] = f.name;
  // a field Dealside only reads may be one the CRM calculates (not writable)
  const byLabel = (a: { custom: boolean; label: string }, b: { custom: boolean; label: string }) => Number(b.custom) - Number(a.custom) || a.label.localeCompare(b.label);
  const option = (c: { name: string; label: string }) => ({ value: c.name, label: c.label === c.name ? c.name : `${c.label} (${c.name})` });
  const choices = (fields.data ?? []).filter((f) => f.writable).sort(byLabel).map(option);
  const readChoices = [...(fields.data ?? [])].sort(byLabel).map(option);
  // Dynamics 365 keeps no last-activity column: its calls, e-mails and appointments are read as touches
  const noActivityColumn = !hasLastActivityColumn(system);
  const readFields = READ_FIELDS[entity].filter((f) => !(noActivityColumn && f === 'crmActivityAt'));
  const entities: MapEntity[] = leadsApart(system) ? ['deal', 'person', 'lead', 'account'] : ['deal', 'person', 'account'];
  const entityLabel: Record<MapEntity, MessageKey> = { deal: 'deals', person: 'contacts', lead: 'lead', account: 'accounts' };
  const bantRows = entity === 'account' ? [] : [
    ...BANT_SYNC_FIELDS.map((field) => ({ key: field, label: bantFieldLabel(field, tr) ?? field })),
    ...elements.flatMap((e) => ELEMENT_PARTS.map((part) => `element.${e.id}.${part}`).map((field) => ({ key: field, label: elementFieldLabel(field, tr, e.label) ?? field }))),
  ];

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
          {readFields.length > 0 ? (
            <p className="my-2 text-[12px] text-slate-600" data-dealside="mapping-read-hint">
              {t(noActivityColumn && (entity === 'deal' || entity === 'account') ? `fieldMappingReadHint.${entity}.dynamics` : `fieldMappingReadHint.${entity === 'lead' ? 'person' : entity}`)}
            </p>
          ) : null}
          {entity !== 'account' && elements.length > 0 ? (
            <p className="my-2 text-[12px] text-slate-600" data-dealside="mapping-elements-hint">
              {t('fieldMappingElementsHint').replace('{frameworks}', others)}
            </p>
          ) : null}
          <MappingTable
            rows={[
              // a CRM's last activity and an account's fields are the CRM's to keep: read-only fields too
              ...readFields.map((field) => ({ key: field, label: t(`syncField.${field}`), ...(field === 'crmActivityAt' || entity === 'account' ? { options: readChoices } : {}) })),
              ...bantRows,
            ].map((row) => ({ ...row, value: row.key in draft ? draft[row.key] : current[row.key] }))}
            options={choices}
            selectProps={(field) => ({ 'data-dealside': 'mapping-select', 'data-field': field })}
            onChange={(field, value) => {
              setSaved(false);
              setDraft((d) => ({ ...d, [field]: value }));
            }}
            save={{ name: 'save-mapping', label: t('saveMapping'), savedName: 'mapping-saved', savedLabel: t(saved === 'removed' ? 'mappingRemoved' : 'mappingSaved'), dirty: Object.keys(draft).length > 0, saved: saved !== false, mutation: save }}
          />
        </>
      ) : null}
    </details>
  );
}

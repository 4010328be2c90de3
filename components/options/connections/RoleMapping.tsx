import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../../utils/messaging/client';
import { CRM_CATALOGUE } from '../../../utils/crms/catalogue';
import { COMMITTEE_ROLES, ROLE_LABELS, type CommitteeRole } from '../../../utils/domain/committee/roles';
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { MappingTable } from './MappingTable';
import type { System } from './systems';

/** Buying-committee roles → the CRM's values (roles sync): picklist values, labels or options. */
export function RoleMapping({ system }: { system: System }) {
  const tr = useOptionsTranslator();
  const { t } = tr;
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Partial<Record<CommitteeRole, string | null>>>({});
  const [saved, setSaved] = useState(false);
  const roles = useQuery({ queryKey: ['sync', 'roles', system], queryFn: () => sendRequest({ type: 'sync/roles', system }), enabled: open, staleTime: 60_000 });
  const save = useMutation({
    mutationFn: () => sendRequest({ type: 'sync/map-roles', system, map: draft }),
    onSuccess: () => {
      setDraft({});
      setSaved(true);
      void client.invalidateQueries({ queryKey: ['sync'] });
    },
  });
  // where the CRM keeps a role, from its catalogue entry; a role kept per person (not per deal) is a warning
  const { where, perPerson } = CRM_CATALOGUE[system].roles;
  return (
    <details className="mt-3 border-t border-slate-100 pt-2" data-dealside="role-mapping" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer font-medium">{t('roleMapping')}</summary>
      <p className="my-2 text-[12px] text-slate-600">{t('roleMappingHint')}</p>
      <p className={`mb-2 text-[12px] ${perPerson ? 'text-amber-800' : 'text-slate-600'}`} data-dealside="role-mapping-where">
        {t(where)}
      </p>
      {roles.isPending && open ? <p>{t('loading')}</p> : null}
      {roles.isError ? <p className="text-rose-700">{roles.error.message}</p> : null}
      {roles.data ? (
        <>
          {roles.data.options.length === 0 ? <p className="text-[12px] text-amber-800">{t('roleNoOptions')}</p> : null}
          <MappingTable
            rows={COMMITTEE_ROLES.map((role) => ({ key: role, label: ROLE_LABELS[role][tr.locale], value: role in draft ? draft[role] : roles.data.map[role] }))}
            options={roles.data.options.map((o) => ({ value: o.value, label: o.label }))}
            selectProps={(role) => ({ 'data-dealside': 'role-select', 'data-role': role })}
            onChange={(role, value) => {
              setSaved(false);
              setDraft((d) => ({ ...d, [role]: value }));
            }}
            save={{ name: 'save-role-map', label: t('saveRoleMap'), savedName: 'role-map-saved', savedLabel: t('roleMapSaved'), dirty: Object.keys(draft).length > 0, saved, mutation: save }}
          />
        </>
      ) : null}
    </details>
  );
}

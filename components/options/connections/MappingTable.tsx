// The table both mappings (BANT fields, committee roles) edit: one select per row and the save bar.
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { primary } from './ui';

/**
 * Our fields (or roles) and the CRM value each maps to, one select per row, and the save bar. A
 * value the CRM no longer offers stays visible as it is, so saving never drops it silently.
 */
export function MappingTable({
  rows,
  options,
  selectProps,
  onChange,
  save,
}: {
  /** a row's own `options` replace the table's (a field only read may take a read-only CRM field) */
  rows: Array<{ key: string; label: string; value: string | null | undefined; options?: Array<{ value: string; label: string }> }>;
  options: Array<{ value: string; label: string }>;
  selectProps: (key: string) => Record<`data-${string}`, string>;
  onChange: (key: string, value: string | null) => void;
  save: { name: string; label: string; savedName: string; savedLabel: string; dirty: boolean; saved: boolean; mutation: { isPending: boolean; isError: boolean; error: Error | null; mutate: () => void } };
}) {
  const { t } = useOptionsTranslator();
  return (
    <>
      <table className="w-full text-left text-[12px]">
        <tbody>
          {rows.map(({ key, label, value, options: own }) => {
            const choices = own ?? options;
            return (
              <tr key={key} className="border-t border-slate-100">
                <td className="py-1 pr-2 text-slate-700">{label}</td>
                <td className="py-1">
                  <select {...selectProps(key)} className="w-full rounded border border-slate-300 px-1 py-0.5" value={value ?? ''} onChange={(e) => onChange(key, e.target.value || null)}>
                    <option value="">{t('notSynced')}</option>
                    {value && !choices.some((o) => o.value === value) ? <option value={value}>{value}</option> : null}
                    {choices.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="mt-2 flex items-center gap-2">
        <button data-dealside={save.name} className={`${primary} shrink-0`} disabled={!save.dirty || save.mutation.isPending} onClick={() => save.mutation.mutate()}>
          {save.label}
        </button>
        {save.saved ? (
          <span data-dealside={save.savedName} className="text-emerald-700">
            {save.savedLabel}
          </span>
        ) : null}
        {save.mutation.isError ? <span className="text-rose-700">{save.mutation.error?.message}</span> : null}
      </div>
    </>
  );
}

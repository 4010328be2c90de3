// The look Options → Connections shares: its buttons, its inputs and a field with its label above.
import type { ReactNode } from 'react';

export const primary = 'rounded bg-slate-800 px-3 py-1.5 font-medium text-white disabled:opacity-50';
export const secondary = 'rounded border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 disabled:opacity-50';
export const input = 'w-full rounded border border-slate-300 px-2 py-1 font-mono text-[12px]';

export function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block">
      <span className="mb-0.5 block text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/** An error said aloud (role alert), under the form or the set-up it comes from. */
export function Alert({ name, children }: { name: string; children: ReactNode }) {
  return (
    <p data-dealside={name} role="alert" className="rounded bg-rose-50 px-2 py-1 text-rose-800">
      {children}
    </p>
  );
}

// Small presentational primitives shared by the surfaces.
import type { ReactNode } from 'react';

export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-lg border border-slate-200 bg-white p-3 shadow-sm ${className}`}>{children}</section>;
}

export function SectionTitle({ children }: { children: ReactNode }) {
  // h2: a section of the surface whose h1 is the entity's name (axe: heading-order).
  return <h2 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{children}</h2>;
}

export function Pill({ children, tone = 'slate', ...rest }: { children: ReactNode; tone?: 'slate' | 'green' | 'amber' | 'blue' | 'violet' | 'red' } & Record<`data-${string}`, string>) {
  const tones = {
    slate: 'bg-slate-100 text-slate-700',
    green: 'bg-emerald-100 text-emerald-800',
    amber: 'bg-amber-100 text-amber-900',
    blue: 'bg-sky-100 text-sky-800',
    violet: 'bg-violet-100 text-violet-800',
    red: 'bg-rose-100 text-rose-800',
  } as const;
  return (
    <span {...rest} className={`inline-flex items-center rounded-full px-2 py-0.5 text-[11px] font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

export function Field({ label, children, ...rest }: { label: string; children: ReactNode } & Record<`data-${string}`, string>) {
  return (
    <div className="flex items-baseline justify-between gap-2 py-0.5">
      <span className="shrink-0 text-slate-500">{label}</span>
      <span {...rest} className="text-right font-medium text-slate-800">
        {children}
      </span>
    </div>
  );
}

// The form of a CRM that connects only by signing in (no token in its catalogue entry): its hint,
// its own field and the sign-in (the children), and what went wrong.
import type { ReactNode } from 'react';
import type { CrmSystem } from '../../../utils/domain/entities';
import { Alert } from './ui';

export function SignInOnlyForm({ system, hint, error, children }: { system: CrmSystem; hint: string; error: string | undefined; children: ReactNode }) {
  return (
    <div data-dealside="connect-form" data-system={system} className="space-y-2">
      <p className="text-[12px] text-slate-600">{hint}</p>
      {children}
      {error ? <Alert name="connect-error">{error}</Alert> : null}
    </div>
  );
}

// The form of a CRM that connects only by signing in (no token in its catalogue entry): its hint,
// its own field and the sign-in (the children), and what went wrong.
import type { ReactNode } from 'react';
import type { SignInForm, SignInKind, SignInSystem } from '../../../utils/crms/catalogue';
import type { CrmSystem } from '../../../utils/domain/entities';
import { Alert } from './ui';

/** What a sign-in-only form of one kind takes: the CRM, its catalogue form, and what the click sends. */
export type SignInOnlyProps<K extends SignInKind, Args extends unknown[]> = {
  system: SignInSystem;
  form: Extract<SignInForm, { kind: K }>;
  busy: boolean;
  error?: string;
  /** asks for the permissions inside the click, then signs in */
  onSignIn: (...args: Args) => void;
};

export function SignInOnlyForm({ system, hint, error, children }: { system: CrmSystem; hint: string; error: string | undefined; children: ReactNode }) {
  return (
    <div data-dealside="connect-form" data-system={system} className="space-y-2">
      <p className="text-[12px] text-slate-600">{hint}</p>
      {children}
      {error ? <Alert name="connect-error">{error}</Alert> : null}
    </div>
  );
}

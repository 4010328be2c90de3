// The sidebar's single-key shortcuts, as a pure function of the key and what is on screen, so the
// whole map is tested without a browser. A rep on a call keeps one hand on the keyboard:
//   B (P in Spanish) / A / N / T   open that BANT letter     1–4  its status    5–8  its answer
//   Enter  type the evidence       U  undo the last change     J / K  next / previous section
//   R  next account in the weekly ABM review (on a target account)
//   ?  the shortcut sheet          Esc  close what is open, then back to the page
// Under another framework (MEDDICC, SPICED …) its elements' keys open them instead of B/P A N T,
// and with no editor open 5–8 answer the question the sidebar asks now (one keystroke).
import type { BantLetter } from '../../utils/domain/qualification/bant';
import type { Bilingual } from '../../utils/domain/bilingual';
import { elementForKey } from '../../utils/domain/qualification/frameworks';
import { BANT_KEYS } from '../../utils/domain/words/labels';
import type { Locale } from '../../utils/i18n';

export type KeyContext = {
  /** a deal or lead is on screen: the BANT keys apply */
  qualifying: boolean;
  /** the letter (or another framework's element) whose editor is open */
  editing?: string;
  /** a framework other than BANT is in force: its elements' keys, in the UI language first */
  framework?: { elements: ReadonlyArray<{ id: string; key: Bilingual }>; locale: Locale };
  /** how many answers the next-question card offers on 5–8 (none: the keys do nothing there) */
  nextAnswers?: number;
  sheetOpen: boolean;
  /** a target account's ABM section is on screen: R moves the weekly review to the next account */
  reviewing?: boolean;
};

export type KeyCommand =
  | { kind: 'open-letter'; letter: BantLetter }
  | { kind: 'open-element'; element: string }
  | { kind: 'next-option'; index: number }
  | { kind: 'status'; index: number }
  | { kind: 'option'; key: string }
  | { kind: 'note' }
  | { kind: 'close-editor' }
  | { kind: 'close-sheet' }
  | { kind: 'toggle-sheet' }
  | { kind: 'undo' }
  | { kind: 'section'; step: 1 | -1 }
  | { kind: 'next-account' }
  | { kind: 'to-page' };

// B and P both open budget in either language: "presupuesto" users press P, and muscle memory from
// the English name keeps working.
const LETTER_KEYS: Readonly<Record<string, BantLetter>> = { b: 'budget', p: 'budget', a: 'authority', n: 'need', t: 'timing' };

/** The key shown beside a letter in the UI's language. */
export function letterKey(letter: BantLetter, locale: Locale): string {
  return BANT_KEYS[letter][locale];
}

export function keyCommand(key: string, ctx: KeyContext): KeyCommand | undefined {
  if (key === 'Escape') {
    if (ctx.sheetOpen) return { kind: 'close-sheet' };
    if (ctx.editing) return { kind: 'close-editor' };
    return { kind: 'to-page' };
  }
  if (key === '?') return { kind: 'toggle-sheet' };
  const k = key.toLowerCase();
  if (k === 'j') return { kind: 'section', step: 1 };
  if (k === 'k') return { kind: 'section', step: -1 };
  // R is free in both languages' letter sets (B/P A N T U J K): "review" / "revisión"
  if (k === 'r' && ctx.reviewing) return { kind: 'next-account' };
  if (!ctx.qualifying) return undefined;
  if (ctx.framework) {
    const element = elementForKey(ctx.framework, k, ctx.framework.locale);
    if (element) return { kind: 'open-element', element };
  } else {
    const letter = LETTER_KEYS[k];
    if (letter) return { kind: 'open-letter', letter };
  }
  if (k === 'u') return { kind: 'undo' };
  if (!ctx.editing) {
    const n = /^[5-8]$/.test(k) ? Number(k) - 5 : -1;
    return n >= 0 && n < (ctx.nextAnswers ?? 0) ? { kind: 'next-option', index: n } : undefined;
  }
  if (/^[1-4]$/.test(k)) return { kind: 'status', index: Number(k) - 1 };
  if (/^[5-8]$/.test(k)) return { kind: 'option', key: k };
  if (key === 'Enter') return { kind: 'note' };
  return undefined;
}


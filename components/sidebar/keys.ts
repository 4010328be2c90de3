// The sidebar's single-key shortcuts, as a pure function of the key and what is on screen, so the
// whole map is tested without a browser. A rep on a call keeps one hand on the keyboard:
//   B (P in Spanish) / A / N / T   open that BANT letter     1–4  its status    5–8  its answer
//   Enter  type the evidence       U  undo the last change     J / K  next / previous section
//   R  next account in the weekly ABM review (on a target account)
//   ?  the shortcut sheet          Esc  close what is open, then back to the page
import type { BantLetter } from '../../utils/domain/qualification/bant';
import { BANT_KEYS } from '../../utils/domain/words/labels';
import type { Locale } from '../../utils/i18n';

export type KeyContext = {
  /** a deal or lead is on screen: the BANT keys apply */
  qualifying: boolean;
  /** the letter whose editor is open */
  editing?: BantLetter;
  sheetOpen: boolean;
  /** a target account's ABM section is on screen: R moves the weekly review to the next account */
  reviewing?: boolean;
};

export type KeyCommand =
  | { kind: 'open-letter'; letter: BantLetter }
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
  const letter = LETTER_KEYS[k];
  if (letter) return { kind: 'open-letter', letter };
  if (k === 'u') return { kind: 'undo' };
  if (!ctx.editing) return undefined;
  if (/^[1-4]$/.test(k)) return { kind: 'status', index: Number(k) - 1 };
  if (/^[5-8]$/.test(k)) return { kind: 'option', key: k };
  if (key === 'Enter') return { kind: 'note' };
  return undefined;
}

// The state of BANT capture on one sidebar: which letter's editor is open, saving an answer, the
// last save's outcome and undoing it. The strip in the header, the editor under it and the
// keyboard all share this one controller.
import { useCallback, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import type { BantEditRequest } from '../../utils/messaging/protocol';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { BUDGET_ANSWERS, NEED_CATEGORIES, TIMING_HORIZONS, type BantLetter } from '../../utils/domain/qualification/bant';
import { BUDGET_ANSWER_LABELS, HORIZON_LABELS, NEED_CATEGORY_LABELS } from '../../utils/domain/words/labels';
import type { BantLetterStatus } from '../../utils/domain/entities';
import type { Locale } from '../../utils/i18n';
import type { Bilingual } from '../../utils/domain/bilingual';
import { type ElementId, type OwnElementId, isBantElement } from '../../utils/domain/qualification/frameworks';
import type { ElementEdit } from '../../utils/domain/qualification/qualification';
import { foldQualificationView, useQualificationEdit } from './useQualificationEdit';

export const STATUSES: readonly BantLetterStatus[] = ['unknown', 'partial', 'confirmed', 'negative'];

export type BantOption = { key: string; label: string; edit: BantEditRequest; active: boolean };

/** `label`: the framework's word for what was saved, when the framework is not BANT. */
export type SaveState =
  | { state: 'saving'; letter?: BantLetter; label?: Bilingual }
  | { state: 'saved'; letter?: BantLetter; label?: Bilingual }
  | { state: 'error'; letter?: BantLetter; message: string }
  | { state: 'undone'; what: string }
  | { state: 'nothing-to-undo' | 'changed-since' };

/** The letter's answers, on keys 5–8. */
export function optionsFor(q: QualificationView, letter: BantLetter, locale: Locale, engagedLabel: string): BantOption[] {
  const b = q.bant;
  switch (letter) {
    case 'budget':
      return BUDGET_ANSWERS.map((a, i) => ({ key: String(5 + i), label: BUDGET_ANSWER_LABELS[a][locale], edit: { letter, answer: a }, active: b.budget.answer === a }));
    case 'need':
      return NEED_CATEGORIES.map((c, i) => ({ key: String(5 + i), label: NEED_CATEGORY_LABELS[c][locale], edit: { letter, category: c }, active: b.need.category === c }));
    case 'timing':
      return TIMING_HORIZONS.map((h, i) => ({ key: String(5 + i), label: HORIZON_LABELS[h][locale], edit: { letter, horizon: h }, active: b.timing.horizon === h }));
    case 'authority':
      return [{ key: '5', label: engagedLabel, edit: { letter, engaged: !b.authority.engaged }, active: b.authority.engaged }];
  }
}

export type BantController = ReturnType<typeof useBant>;

/** The framework's word for an element, when the framework in force is not BANT. */
export function frameworkLabel(q: QualificationView, element: ElementId): Bilingual | undefined {
  if (!q.framework || q.framework.id === 'bant') return undefined;
  return q.framework.elements.find((e) => e.id === element)?.label;
}

export function useBant(q: QualificationView, tabId: number) {
  const [editing, setEditing] = useState<BantLetter | undefined>(undefined);
  // the open editor of an element that is not a BANT letter (another framework's)
  const [editingElement, setEditingElement] = useState<OwnElementId | undefined>(undefined);
  const [status, setStatus] = useState<SaveState | undefined>(undefined);
  const mutation = useQualificationEdit(tabId);
  const client = useQueryClient();
  const target = { entityType: q.entityType, entityId: q.entityId };

  const save = useCallback(
    (edit: BantEditRequest) => {
      const label = frameworkLabel(q, edit.letter);
      setStatus({ state: 'saving', letter: edit.letter, ...(label ? { label } : {}) });
      mutation.mutate(
        { type: 'qualification/answer', target, edit },
        {
          onSuccess: () => setStatus({ state: 'saved', letter: edit.letter, ...(label ? { label } : {}) }),
          onError: (e) => setStatus({ state: 'error', letter: edit.letter, message: e.message }),
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mutation.mutate, q.entityId, q.entityType, q.framework],
  );

  const saveElement = useCallback(
    (edit: ElementEdit) => {
      const label = frameworkLabel(q, edit.element);
      setStatus({ state: 'saving', ...(label ? { label } : {}) });
      mutation.mutate(
        { type: 'qualification/element', target, edit },
        {
          onSuccess: () => setStatus({ state: 'saved', ...(label ? { label } : {}) }),
          onError: (e) => setStatus({ state: 'error', message: e.message }),
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mutation.mutate, q.entityId, q.entityType, q.framework],
  );

  const undo = useMutation({
    mutationFn: () => sendRequest({ type: 'qualification/undo', target }),
    onSuccess: async (answer) => {
      await foldQualificationView(client, tabId, answer.view);
      if (answer.undone) setStatus({ state: 'undone', what: answer.undone.kind });
      else setStatus({ state: answer.reason === 'changed-since' ? 'changed-since' : 'nothing-to-undo' });
    },
    onError: (e) => setStatus({ state: 'error', message: e.message }),
  });

  return {
    q,
    editing,
    editingElement,
    open: (letter: BantLetter) => (setEditingElement(undefined), setEditing(letter)),
    close: () => (setEditing(undefined), setEditingElement(undefined)),
    toggle: (letter: BantLetter) => (setEditingElement(undefined), setEditing((current) => (current === letter ? undefined : letter))),
    /** any framework's element: a BANT letter opens its own editor */
    openElement: (element: ElementId) => {
      if (isBantElement(element)) {
        setEditingElement(undefined);
        setEditing(element);
      } else {
        setEditing(undefined);
        setEditingElement(element);
      }
    },
    toggleElement: (element: ElementId) => {
      if (isBantElement(element)) {
        setEditingElement(undefined);
        setEditing((current) => (current === element ? undefined : element));
      } else {
        setEditing(undefined);
        setEditingElement((current) => (current === element ? undefined : element));
      }
    },
    save,
    saveElement,
    status,
    undo: () => undo.mutate(),
  };
}

// The names Options → Connections and the conflicts panel give synced fields, in both languages:
// a logged touch is "Call", not "activity:call".
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../utils/i18n';
import { sidebarMessages } from '../../utils/i18n/sidebarMessages';
import { elementFieldLabel, formatSyncValue, syncFieldLabel } from './ConflictsPanel';

const en = createTranslator('en', sidebarMessages);
const es = createTranslator('es', sidebarMessages);

describe('syncFieldLabel', () => {
  it.each([
    ['activity:call', 'Call', 'Llamada'],
    ['activity:email-replied', 'E-mail reply', 'Respuesta por e-mail'],
    ['activity:meeting', 'Meeting', 'Reunión'],
    ['link:account', 'link · Account', 'vincular · Cuenta'],
    ['link:person', 'link · Contact', 'vincular · Contacto'],
    ['title', 'Job title', 'Cargo'],
    ['linkedinUrl', 'LinkedIn URL', 'URL de LinkedIn'],
    ['bant.budget.status', 'Budget · status', 'Presupuesto · estado'],
    ['element.champion.note', 'Champion · evidence', 'Promotor · nota'],
    ['element.paper-process.status', 'Paper process · status', 'Proceso de compras · estado'],
  ])('%s → %s / %s', (field, english, spanish) => {
    expect(syncFieldLabel(field, en)).toBe(english);
    expect(syncFieldLabel(field, es)).toBe(spanish);
  });

  it('shows an unknown field as it is named rather than nothing', () => {
    expect(syncFieldLabel('custom_field__c', en)).toBe('custom_field__c');
    expect(syncFieldLabel('activity:carrier-pigeon', es)).toBe('carrier-pigeon');
  });

  it('names a framework element under the word the team uses, and its values in the rep\'s words', () => {
    expect(elementFieldLabel('element.metrics.answer', es, { en: 'Impact', es: 'Impacto' })).toBe('Impacto · respuesta');
    expect(elementFieldLabel('element.budget.status', en)).toBeUndefined(); // a BANT letter syncs as BANT
    expect(formatSyncValue('element.champion.answer', 'tested', en)).toBe('Acts for us (tested)');
    expect(formatSyncValue('element.champion.status', 'partial', es)).toBe(formatSyncValue('bant.need.status', 'partial', es));
  });
});

import { describe, expect, it } from 'vitest';
import { ELEMENT_FIELDS, fieldsOf, specOf } from './recordFields';
import { applyRemoteQualification, elementChanges, qualificationChanges, readQualificationField } from './elementFields';
import { applyElementAnswer, newQualification } from '../qualification/qualification';
import { ELEMENT_IDS, isBantElement } from '../qualification/frameworks';

const at = new Date('2026-12-01T10:00:00Z');
const meta = { by: 'rep-1', at };

describe('element fields', () => {
  it('has status, answer and evidence for every element that is not a BANT letter, and none for those that are', () => {
    for (const id of ELEMENT_IDS) {
      const has = ['status', 'answer', 'note'].map((p) => `element.${id}.${p}` in ELEMENT_FIELDS);
      expect(has).toEqual(isBantElement(id) ? [false, false, false] : [true, true, true]);
    }
    expect(specOf('deal', 'element.champion.answer')).toMatchObject({ type: 'enum', options: ['tested', 'candidate', 'none'], optional: true });
    expect(specOf('account', 'element.champion.status')).toBeUndefined();
    expect(Object.keys(fieldsOf('person'))).toContain('element.metrics.note');
  });

  it('reads, compares and applies back what it wrote', () => {
    const q0 = newQualification('deal', 'd-1', at);
    const q1 = applyElementAnswer(q0, { element: 'metrics', answer: 'described', note: 'fewer tickets' }, meta);
    expect(readQualificationField(q1, 'element.metrics.status')).toBe('partial');
    expect(readQualificationField(q1, 'bant.budget.status')).toBe('unknown');
    expect(elementChanges(q0, q0)).toEqual([]);
    const changes = qualificationChanges(q0, q1);
    expect(changes.map((c) => c.field).sort()).toEqual(['element.metrics.answer', 'element.metrics.note', 'element.metrics.status']);
    const remote = applyRemoteQualification(q0, Object.fromEntries(changes.map((c) => [c.field, c.value])), { by: 'crm:hubspot', at });
    expect(remote.elements?.metrics).toMatchObject({ status: 'partial', answer: 'described', note: 'fewer tickets', source: 'crm' });
    // a status the CRM sends wins over the one its option implies; an unknown option is ignored
    const mixed = applyRemoteQualification(q0, { 'element.metrics.answer': 'described', 'element.metrics.status': 'confirmed', 'element.champion.answer': 'bribed' }, { by: 'crm:hubspot', at });
    expect(mixed.elements?.metrics?.status).toBe('confirmed');
    expect(mixed.elements?.champion).toBeUndefined();
  });
});

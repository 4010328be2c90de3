// The marker line by which a retry finds a touch in a CRM without a field for our id.
import { describe, expect, it } from 'vitest';
import { activityMarker, hasActivityMarker } from './activities';

describe('hasActivityMarker', () => {
  it('finds exactly this touch’s marker, not one that starts the same', () => {
    const text = `Left a voicemail.\n\n${activityMarker('local-activity-1')}`;
    expect(hasActivityMarker(text, 'local-activity-1')).toBe(true);
    expect(hasActivityMarker(`${activityMarker('local-activity-10')}`, 'local-activity-1')).toBe(false);
    expect(hasActivityMarker(`${activityMarker('local-activity-1-b')}`, 'local-activity-1')).toBe(false);
    // the CRM turned the line breaks into HTML
    expect(hasActivityMarker(`<p>Left a voicemail.</p><p>${activityMarker('act.1+x')}</p>`, 'act.1+x')).toBe(true);
    expect(hasActivityMarker(`${activityMarker('actx1+x')}`, 'act.1+x')).toBe(false);
    expect(hasActivityMarker(null, 'a')).toBe(false);
  });
});

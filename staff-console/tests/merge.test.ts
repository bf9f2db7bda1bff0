import { describe, expect, it } from 'vitest';
import { ApiError } from '@signalement/web-common/api';
import { crossGroupOf, crossGroupQuestion, differentGroups, mergeBody } from '../src/lib/merge';

describe('cross-group merge', () => {
  it('says when two groups differ, never for an unknown one', () => {
    expect(differentGroups('Voirie', 'Propreté')).toBe(true);
    expect(differentGroups('Voirie', 'Voirie')).toBe(false);
    expect(differentGroups('Voirie', null)).toBe(false);
  });
  it('sends the confirmation only when given', () => {
    expect(mergeBody(12, false)).toEqual({ alertId: 12 });
    expect(mergeBody(12, true)).toEqual({ alertId: 12, crossGroupConfirmed: true });
  });
  it('reads both groups from the server refusal, and nothing from other errors', () => {
    const refused = new ApiError({ status: 409, detail: 'x', crossGroup: true, keptGroup: 'Voirie', otherGroup: 'Propreté' } as never);
    expect(crossGroupOf(refused)).toEqual({ keptGroup: 'Voirie', otherGroup: 'Propreté' });
    expect(crossGroupOf(new ApiError({ status: 409, detail: 'fermée' }))).toBeNull();
    expect(crossGroupOf(new Error('réseau'))).toBeNull();
    expect(crossGroupQuestion(1, 2, { keptGroup: 'Voirie', otherGroup: 'Propreté' })).toContain('« Propreté »');
  });
});

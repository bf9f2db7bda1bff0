import { describe, expect, it } from 'vitest';
import { actorLabel, dueLabel } from '../src/lib/labels';

describe('labels a dispatcher reads', () => {
  it('says who did it in French', () => {
    expect(actorLabel('citizen')).toBe('un citoyen');
    expect(actorLabel('system')).toBe('le système (automatique)');
    expect(actorLabel('dispatch')).toBe('dispatch');
  });
  it('never says "dans les délais" for a merged duplicate or a finished alert', () => {
    expect(dueLabel('MERGED', 'ON_TIME')).toBe('Sans objet (doublon fusionné)');
    expect(dueLabel('REJECTED', 'ON_TIME')).toBe('');
    expect(dueLabel('CLOSED', 'OVERDUE')).toBe('');
    expect(dueLabel('NEW', 'ON_TIME')).toBe('Dans les délais');
    expect(dueLabel('ASSIGNED', 'OVERDUE')).toBe('En retard');
  });
});

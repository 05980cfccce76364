import { describe, expect, it } from 'vitest';
import { buildHelpfulNotes } from './helpfulNotes.js';

describe('buildHelpfulNotes', () => {
  it('returns one note per line without list markers, most pressing first', () => {
    const notes = buildHelpfulNotes({
      category: 'bug',
      skills: ['api'],
      firedRules: [{ id: 'outage', priority: 'urgent', note: 'Possible outage: check the status page.' }],
      redactions: { token: 1 },
    });
    const lines = notes.split('\n');
    expect(lines[0]).toBe('Possible outage: check the status page.');
    expect(lines.length).toBe(4);
    for (const line of lines) expect(line).not.toMatch(/^\s*[-*•]/);
  });
});

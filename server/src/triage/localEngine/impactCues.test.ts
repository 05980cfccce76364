import { describe, expect, it } from 'vitest';
import { detectCues, impactFeatures } from './impactCues.js';

const cues = (text: string) => [...detectCues(text).keys()];

describe('detectCues', () => {
  it('sees scope: everyone, all users, none of our staff, large counts', () => {
    for (const text of ['This affects all users.', 'None of our 350 employees can sign in.', 'Nobody can reach the site.', 'Over 2,000 customers are waiting.']) {
      expect(cues(text), text).toContain('scope-wide');
    }
    expect(cues('Several of our agents see it.')).toContain('scope-team');
    expect(cues('The export fails for me.')).not.toContain('scope-wide');
  });

  it('sees blockage and outages in the words real tickets use', () => {
    expect(cues('The printer stopped working this morning.')).toContain('blocked');
    expect(cues('We are unable to submit claims.')).toContain('blocked');
    expect(cues('We have had downtime since 7:00.')).toContain('outage');
    expect(cues('The site is offline and returns 503.')).toContain('outage');
    expect(cues('This is a critical issue for us.')).toContain('severity');
    expect(cues('This endangered patient data and care.')).toContain('harm-safety');
  });

  it('ignores a negated cue', () => {
    expect(cues('There was no data loss.')).not.toContain('data-loss');
    expect(cues('It is not urgent.')).not.toContain('time-pressure');
    expect(cues('It is not urgent.')).toContain('minor');
  });

  it('tells a security incident from a security question', () => {
    expect(cues('Our admin account was hacked last night.')).toContain('security-incident');
    const question = impactFeatures('Data breach policy', 'Could you share your policy on data breach notification for our vendor file?');
    expect(question.has('combo:security-question')).toBe(true);
    expect(question.has('cue:security-incident')).toBe(false);
  });

  it('sees time pressure in deadlines, not in when something started', () => {
    expect(cues('We need this fixed by tomorrow, the deadline is Friday.')).toContain('time-pressure');
    expect(cues('Please treat this as urgent.')).toContain('time-pressure');
    expect(cues('It started this morning.')).not.toContain('time-pressure');
  });

  it('sees questions, feature requests and workarounds', () => {
    expect(cues('How do I add a custom field?')).toContain('question');
    expect(cues('It would be great to have a dark mode.')).toContain('feature-request');
    expect(cues('We are doing it manually in the meantime.')).toContain('workaround');
  });
});

describe('impactFeatures', () => {
  it('combines scope with blockage into an outage signal', () => {
    const outage = impactFeatures('Site down', 'Nobody can log in and every page returns 503.');
    expect(outage.has('combo:wide-and-hit')).toBe(true);
    const single = impactFeatures('Export fails', 'The export fails for me, other reports work.');
    expect(single.has('combo:wide-and-hit')).toBe(false);
  });

  it('marks a ticket that only asks something', () => {
    expect(impactFeatures('Invoices', 'Where can I download my invoices?').has('combo:asking-only')).toBe(true);
    expect(impactFeatures('Invoices', 'The invoice download fails with an error.').has('combo:asking-only')).toBe(false);
  });
});

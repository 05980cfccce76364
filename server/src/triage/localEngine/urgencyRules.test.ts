import { describe, expect, it } from 'vitest';
import { applyUrgencyFloor, assessUrgency } from './urgencyRules.js';

const firedIds = (text: string) => assessUrgency(text).fired.map((rule) => rule.id);

describe('assessUrgency', () => {
  it('treats outages, breaches and data loss as urgent', () => {
    expect(assessUrgency('The site is down, nothing loads').minimumPriority).toBe('urgent');
    expect(assessUrgency('We think our admin account was hacked').minimumPriority).toBe('urgent');
    expect(assessUrgency('All our tickets disappeared overnight, data loss!').minimumPriority).toBe('urgent');
    expect(firedIds('Complete outage for our workspace')).toEqual(['outage']);
  });

  it('raises login failures only when many people are affected', () => {
    expect(assessUrgency("I can't log in to my account").minimumPriority).toBeNull();
    expect(assessUrgency("Nobody can log in since this morning").minimumPriority).toBe('urgent');
    expect(assessUrgency('Cannot log in. Everyone on our team is affected.').minimumPriority).toBe('urgent');
  });

  it('does not count "everyone else" as widespread', () => {
    const assessment = assessUrgency("I can't log in, everyone else is fine");
    expect(assessment.widespread).toBe(false);
    expect(assessment.minimumPriority).toBeNull();
  });

  it('raises failing payments, more when every customer is hit', () => {
    expect(assessUrgency('Payments are failing on our store').minimumPriority).toBe('high');
    expect(assessUrgency('Payments are failing for all our customers').minimumPriority).toBe('urgent');
  });

  it('needs a failure word for production', () => {
    expect(assessUrgency('Production is throwing errors after the deploy').minimumPriority).toBe('high');
    expect(assessUrgency('How do I connect my production domain?').minimumPriority).toBeNull();
  });

  it('ignores negated triggers', () => {
    expect(assessUrgency('No data loss, just a display glitch').minimumPriority).toBeNull();
    expect(assessUrgency('We were not hacked, I just want to rotate keys').minimumPriority).toBeNull();
  });

  it('does not fire on ordinary tickets', () => {
    for (const text of ['How do I export tickets to CSV?', 'The dropdown menu is misaligned', 'Please add dark mode']) {
      expect(assessUrgency(text).fired, text).toEqual([]);
    }
  });

  it('gives a note for each fired rule', () => {
    const { fired } = assessUrgency('Our account was hacked and the site is down');
    expect(fired.map((rule) => rule.id).sort()).toEqual(['outage', 'security-breach']);
    for (const rule of fired) expect(rule.note.length).toBeGreaterThan(10);
  });
});

describe('applyUrgencyFloor', () => {
  it('raises but never lowers a prediction', () => {
    const outage = assessUrgency('service is down for everyone');
    expect(applyUrgencyFloor('low', outage)).toBe('urgent');
    const payments = assessUrgency('checkout is broken');
    expect(applyUrgencyFloor('low', payments)).toBe('high');
    expect(applyUrgencyFloor('urgent', payments)).toBe('urgent');
    expect(applyUrgencyFloor('medium', assessUrgency('add dark mode'))).toBe('medium');
  });
});

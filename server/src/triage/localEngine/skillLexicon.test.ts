import { describe, expect, it } from 'vitest';
import { detectSkills, SKILL_LEXICON } from './skillLexicon.js';

describe('detectSkills', () => {
  it('ignores case and punctuation', () => {
    expect(detectSkills('Our STRIPE Checkout: broken')).toContain('payments');
    expect(detectSkills('error in Node.js')).toContain('javascript');
  });

  it('maps synonyms and abbreviations to one skill', () => {
    expect(detectSkills('the JS bundle throws')).toEqual(['javascript']);
    expect(detectSkills('k8s cluster pods restarting')).toContain('kubernetes');
    expect(detectSkills('MFA code rejected')).toEqual(['authentication']);
  });

  it('folds plurals and verb forms', () => {
    expect(detectSkills('webhooks never arrive')).toContain('integrations');
    expect(detectSkills('I was billed twice for invoices')).toEqual(['billing']);
  });

  it('matches multi-word phrases only as whole phrases', () => {
    expect(detectSkills('the screen reader skips the form')).toEqual(['accessibility']);
    expect(detectSkills('my screen is fine, the reader app too')).not.toContain('accessibility');
  });

  it('does not fire on ambiguous bare words', () => {
    expect(detectSkills('I have a query about my account')).toEqual([]);
    expect(detectSkills('the image in the email preview is blurry')).not.toContain('docker');
  });

  it('ranks the most-mentioned skill first and caps the count', () => {
    expect(detectSkills('iPhone app crashes. iOS 17 on iPhone 15.')[0]).toBe('mobile');
    const many = detectSkills('docker kubernetes stripe invoice sso dns xss slow css api react', { max: 3 });
    expect(many).toHaveLength(3);
  });

  it('returns nothing for text with no skill words', () => {
    expect(detectSkills('')).toEqual([]);
    expect(detectSkills('thanks for the great work 🙂')).toEqual([]);
  });

  it('uses lower-case skill names that fit the triage schema', () => {
    for (const name of Object.keys(SKILL_LEXICON)) {
      expect(name).toBe(name.toLowerCase());
      expect(name.length).toBeLessThanOrEqual(40);
    }
  });
});

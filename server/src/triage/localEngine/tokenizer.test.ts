import { describe, expect, it } from 'vitest';
import { normalizeText, stem, tokenize } from './tokenizer.js';

describe('normalizeText', () => {
  it('lower-cases and folds accents and typographic apostrophes', () => {
    expect(normalizeText('Café DÉJÀ Vu')).toBe('cafe deja vu');
    expect(normalizeText('I can’t')).toBe('i cannot');
  });

  it('spells out contractions so negations survive as words', () => {
    expect(normalizeText("can't cant can not cannot")).toBe('cannot cannot cannot cannot');
    expect(normalizeText("doesn't isn't won't")).toBe('does not is not will not');
    expect(normalizeText("it's we're I've")).toBe('it we i');
  });
});

describe('stem', () => {
  it('folds plurals', () => {
    expect(stem('webhooks')).toBe('webhook');
    expect(stem('queries')).toBe(stem('query'));
    expect(stem('crashes')).toBe('crash');
    expect(stem('invoices')).toBe(stem('invoice'));
  });

  it('folds verb forms onto one stem', () => {
    for (const family of [
      ['log', 'logs', 'logged', 'logging'],
      ['crash', 'crashed', 'crashing'],
      ['fail', 'fails', 'failed', 'failing'],
      ['charge', 'charged', 'charges', 'charging'],
      ['bill', 'billed', 'billing'],
    ]) {
      expect(new Set(family.map(stem)).size, family.join(',')).toBe(1);
    }
  });

  it('leaves short words, words ending in -ss/-us/-is, and non-words alone', () => {
    expect(stem('ios')).toBe('ios');
    expect(stem('access')).toBe('access');
    expect(stem('status')).toBe('status');
    expect(stem('analysis')).toBe('analysis');
    expect(stem('2fa')).toBe('2fa');
  });
});

describe('tokenize', () => {
  it('strips punctuation, drops stop words and stems', () => {
    expect(tokenize('The Webhooks are FAILING!!! (since Monday)')).toEqual(['webhook', 'fail', 'monday']);
  });

  it('keeps negations and scope words that carry urgency', () => {
    expect(tokenize('It is not working for everyone, all down')).toEqual(['not', 'work', stem('everyone'), 'all', 'down']);
  });

  it('can keep stop words and skip stemming for phrase matching', () => {
    expect(tokenize("We can't log in", { keepStopWords: true, stem: false })).toEqual(['we', 'cannot', 'log', 'in']);
  });

  it('splits on punctuation inside words', () => {
    expect(tokenize('node.js e-mail')).toEqual(['node', 'js', 'mail']);
  });

  it('drops single letters, which are never informative', () => {
    expect(tokenize('I got a B in x', { keepStopWords: true })).toEqual(['got', 'in']);
  });

  it('keeps numbers and letters of other scripts but drops very long tokens', () => {
    expect(tokenize('error 500 ошибка')).toEqual(['error', '500', 'ошибка']);
    expect(tokenize(`key ${'a'.repeat(40)}`)).toEqual(['key']);
  });

  it('returns nothing for empty, emoji-only or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('🔥🔥 ?!… 🙂')).toEqual([]);
  });
});

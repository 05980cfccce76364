import { describe, it, expect } from 'vitest';
import {
  NEUTRAL_SKILL_MATCH,
  PARTIAL_TOKEN_MATCH,
  SKILL_SYNONYMS,
  computeSkillMatch,
  explainSkillMatch,
  normaliseSkill,
  skillSimilarity,
} from './skillMatch.js';

describe('normaliseSkill', () => {
  it.each([
    ['React', 'react'],
    ['  TypeScript  ', 'typescript'],
    ['JS', 'javascript'],
    ['ecmascript', 'javascript'],
    ['TS', 'typescript'],
    ['Type Script', 'typescript'],
    ['K8s', 'kubernetes'],
    ['Postgres', 'postgresql'],
    ['DB', 'database'],
    ['DBs', 'database'],
    ['Databases', 'database'],
    ['Styling', 'css'],
    ['Node.js', 'node'],
    ['nodejs', 'node'],
    ['Next.js', 'next'],
    ['ReactJS', 'react'],
    ['C#', 'c#'],
    ['C++', 'c++'],
    ['.NET', 'dotnet'],
    ['Rails', 'ruby on rails'],
    ['unit tests', 'unit testing'],
    ['Queries', 'query'],
    ['Caches', 'cache'],
    ['Mailboxes', 'mailbox'],
    ['APIs', 'api'],
    ['Redis', 'redis'],
    ['Kubernetes', 'kubernetes'],
    ['Analytics', 'analytics'],
    ['Windows', 'windows'],
    ['front_end-dev', 'front end dev'],
    ['Élan', 'elan'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseSkill(input)).toBe(expected);
  });

  it('returns an empty string for blank or non-string input', () => {
    expect(normaliseSkill('')).toBe('');
    expect(normaliseSkill('  /  ')).toBe('');
    expect(normaliseSkill(42 as unknown as string)).toBe('');
  });

  it('maps every alias in the synonym table to its canonical name, and no alias to two', () => {
    const canonicalOfAlias = new Map<string, string>();
    for (const [canonical, aliases] of Object.entries(SKILL_SYNONYMS)) {
      const expected = normaliseSkill(canonical);
      for (const alias of aliases) {
        expect(normaliseSkill(alias), `${alias} → ${canonical}`).toBe(expected);
        const previous = canonicalOfAlias.get(alias);
        expect(previous === undefined || previous === expected, `${alias} listed twice`).toBe(true);
        canonicalOfAlias.set(alias, expected);
      }
    }
  });
});

describe('skillSimilarity', () => {
  it.each([
    ['react', 'React'],
    ['js', 'javascript'],
    ['JavaScript', 'js'],
    ['ts', 'typescript'],
    ['k8s', 'Kubernetes'],
    ['postgres', 'PostgreSQL'],
    ['db', 'databases'],
    ['css', 'styling'],
    ['node', 'nodejs'],
    ['node', 'Node.js'],
    ['database', 'Databases'],
    ['API', 'apis'],
    ['cache', 'caches'],
    ['patch', 'patches'],
    ['devops', 'dev ops'],
    ['unit testing', 'testing unit'],
    ['javascript development', 'JS'],
  ])('%j and %j are the same skill', (a, b) => {
    expect(skillSimilarity(a, b)).toBe(1);
  });

  it('gives a partial match when one skill is a token subset of the other', () => {
    expect(skillSimilarity('react', 'react native')).toBe(PARTIAL_TOKEN_MATCH);
    expect(skillSimilarity('React Native', 'react')).toBe(0.6);
    expect(skillSimilarity('ruby', 'rails')).toBe(0.6);
    expect(skillSimilarity('postgres', 'postgresql performance')).toBe(0.6);
    expect(skillSimilarity('js testing', 'javascript')).toBe(0.6);
  });

  it('scales the partial match by the share of the shorter skill that overlaps', () => {
    expect(skillSimilarity('react native', 'react router')).toBeCloseTo(0.3, 10);
    expect(skillSimilarity('aws lambda cold start', 'aws lambda')).toBeCloseTo(0.6, 10);
  });

  it('does not match unrelated skills, prefixes or filler words', () => {
    expect(skillSimilarity('java', 'javascript')).toBe(0);
    expect(skillSimilarity('react', 'vue')).toBe(0);
    expect(skillSimilarity('frontend development', 'backend development')).toBe(0);
    expect(skillSimilarity('customer support', 'technical support')).toBe(0);
  });

  it('is symmetric', () => {
    const skills = ['react', 'react native', 'JS', 'js testing', 'postgres', 'db', 'billing'];
    for (const a of skills) for (const b of skills) expect(skillSimilarity(a, b)).toBe(skillSimilarity(b, a));
  });

  it('gives 0 when either side is blank', () => {
    expect(skillSimilarity('', 'react')).toBe(0);
    expect(skillSimilarity('react', '   ')).toBe(0);
  });
});

describe('computeSkillMatch', () => {
  it('averages the best similarity of each ticket skill', () => {
    expect(computeSkillMatch(['react', 'typescript'], ['React Native', 'TS'])).toBe(0.8);
    expect(computeSkillMatch(['react', 'typescript'], ['react', 'typescript', 'billing'])).toBe(1);
    expect(computeSkillMatch(['react', 'typescript', 'k8s'], ['kubernetes'])).toBeCloseTo(1 / 3, 10);
    expect(computeSkillMatch(['react', 'billing'], ['vue'])).toBe(0);
  });

  it('takes the best moderator skill, not the first', () => {
    expect(computeSkillMatch(['react'], ['react native', 'ReactJS'])).toBe(1);
  });

  it('counts ticket skills that mean the same thing once', () => {
    expect(computeSkillMatch(['JS', 'javascript', 'css'], ['javascript'])).toBe(0.5);
  });

  it('gives the neutral value to everyone when the ticket lists no skills', () => {
    expect(computeSkillMatch([], ['react'])).toBe(NEUTRAL_SKILL_MATCH);
    expect(computeSkillMatch(['', '  '], [])).toBe(0.5);
  });

  it('gives 0 to a moderator with no skills when the ticket lists some', () => {
    expect(computeSkillMatch(['react'], [])).toBe(0);
  });

  it('ignores non-string entries', () => {
    const messy = ['react', 7, null] as unknown as string[];
    expect(computeSkillMatch(messy, ['react', undefined] as unknown as string[])).toBe(1);
  });
});

describe('explainSkillMatch', () => {
  it('reports which moderator skill matched each ticket skill', () => {
    expect(explainSkillMatch([' React ', 'k8s', 'billing'], ['React Native', 'Kubernetes'])).toEqual({
      score: (0.6 + 1 + 0) / 3,
      perSkill: [
        { skill: 'React', similarity: 0.6, matchedWith: 'React Native' },
        { skill: 'k8s', similarity: 1, matchedWith: 'Kubernetes' },
        { skill: 'billing', similarity: 0, matchedWith: null },
      ],
    });
  });
});

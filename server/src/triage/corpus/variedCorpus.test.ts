import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, PRIORITY_LEVELS } from '../localEngine/labels.js';
import { serializeCorpus } from './generate.js';
import { loadCorpus, variedCorpusPath } from './loadCorpus.js';
import { generateVariedCorpus, rubricPriority, VARIED_CORPUS_FILE, type TicketFacts } from './variedCorpus.js';

const facts = (overrides: Partial<TicketFacts>): TicketFacts => ({
  kind: 'failure',
  scope: 'single',
  pressure: 'none',
  workaround: false,
  statesHarm: false,
  production: false,
  ...overrides,
});

describe('varied corpus', () => {
  const corpus = loadCorpus(variedCorpusPath());

  it('is what the generator produces', () => {
    expect(readFileSync(VARIED_CORPUS_FILE, 'utf8')).toBe(serializeCorpus(generateVariedCorpus()));
  });

  it('covers every priority and category, with distinct tickets', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(2_000);
    for (const priority of PRIORITY_LEVELS) expect(corpus.filter((t) => t.priority === priority).length, priority).toBeGreaterThan(200);
    for (const category of CATEGORY_LABELS) expect(corpus.filter((t) => t.category === category).length, category).toBeGreaterThan(50);
    expect(new Set(corpus.map((t) => `${t.title}\n${t.description}`)).size).toBe(corpus.length);
  });
});

describe('rubricPriority', () => {
  it('keeps questions, requests and cosmetic issues low', () => {
    expect(rubricPriority(facts({ kind: 'how-to' }))).toBe('low');
    expect(rubricPriority(facts({ kind: 'policy-question' }))).toBe('low');
    expect(rubricPriority(facts({ kind: 'feature' }))).toBe('low');
    expect(rubricPriority(facts({ kind: 'cosmetic', scope: 'team' }))).toBe('low');
  });

  it('rates a broken function by who it stops and what it costs', () => {
    expect(rubricPriority(facts({}))).toBe('medium');
    expect(rubricPriority(facts({ workaround: true }))).toBe('medium');
    expect(rubricPriority(facts({ scope: 'team' }))).toBe('high');
    expect(rubricPriority(facts({ pressure: 'deadline' }))).toBe('high');
    expect(rubricPriority(facts({ scope: 'wide' }))).toBe('high');
    expect(rubricPriority(facts({ scope: 'wide', production: true }))).toBe('urgent');
  });

  it('gives urgent only to wide outages, incidents and losses', () => {
    expect(rubricPriority(facts({ kind: 'outage', scope: 'wide' }))).toBe('urgent');
    expect(rubricPriority(facts({ kind: 'outage', scope: 'single' }))).not.toBe('urgent');
    expect(rubricPriority(facts({ kind: 'security-incident' }))).toBe('high');
    expect(rubricPriority(facts({ kind: 'security-incident', scope: 'wide' }))).toBe('urgent');
    expect(rubricPriority(facts({ kind: 'slow', scope: 'single' }))).toBe('medium');
  });
});

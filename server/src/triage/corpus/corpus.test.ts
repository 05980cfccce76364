import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, PRIORITY_LEVELS } from '../localEngine/labels.js';
import { SKILL_LEXICON } from '../localEngine/skillLexicon.js';
import { CORPUS_FILE, generateCorpus, serializeCorpus } from './generate.js';
import { defaultCorpusPath, loadCorpus, parseCorpus, sourcePathFor } from './loadCorpus.js';

describe('shipped ticket corpus', () => {
  const corpus = loadCorpus();

  it('is what the generator produces, so it can be regenerated and reviewed', () => {
    expect(readFileSync(CORPUS_FILE, 'utf8')).toBe(serializeCorpus(generateCorpus()));
    expect(defaultCorpusPath()).toBe(CORPUS_FILE);
  });

  it('is large and covers every priority and category', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    for (const priority of PRIORITY_LEVELS) {
      expect(corpus.filter((t) => t.priority === priority).length, priority).toBeGreaterThanOrEqual(40);
    }
    for (const category of CATEGORY_LABELS) {
      expect(corpus.filter((t) => t.category === category).length, category).toBeGreaterThanOrEqual(40);
    }
  });

  it('has no duplicate tickets and varied wording', () => {
    const keys = corpus.map((t) => `${t.title}\n${t.description}`.toLowerCase());
    expect(new Set(keys).size).toBe(corpus.length);
    expect(new Set(corpus.map((t) => t.title.toLowerCase())).size).toBeGreaterThan(300);
  });

  it('only uses skills the lexicon knows', () => {
    const known = new Set(Object.keys(SKILL_LEXICON));
    for (const ticket of corpus) for (const skill of ticket.skills) expect(known.has(skill), skill).toBe(true);
  });

  it('labels sensibly: outages are pressing, cosmetic issues and questions are not', () => {
    const outages = corpus.filter((t) => /site is down|outage|down for everyone|service is down|relaydesk down/i.test(t.title));
    expect(outages.length).toBeGreaterThan(5);
    for (const t of outages) expect(['high', 'urgent']).toContain(t.priority);
    const howTo = corpus.filter((t) => t.category === 'how_to');
    expect(howTo.filter((t) => t.priority === 'low').length / howTo.length).toBeGreaterThan(0.7);
  });
});

describe('parseCorpus', () => {
  it('rejects a line with an unknown label and says which line', () => {
    const good = JSON.stringify({ title: 't', description: 'd', priority: 'low', category: 'bug', skills: [] });
    const bad = JSON.stringify({ title: 't', description: 'd', priority: 'critical', category: 'bug', skills: [] });
    expect(parseCorpus(`${good}\n\n${good}\n`)).toHaveLength(2);
    expect(() => parseCorpus(`${good}\n${bad}`)).toThrow(/line 2/);
  });
});

describe('sourcePathFor', () => {
  it('finds the corpus in src when running from the compiled output', () => {
    expect(sourcePathFor('/app/server/dist/triage/corpus/tickets.jsonl')).toBe(
      '/app/server/src/triage/corpus/tickets.jsonl',
    );
    expect(sourcePathFor('/dist/app/server/dist/x.jsonl')).toBe('/dist/app/server/src/x.jsonl');
  });
});

/**
 * Deterministic generator for the labelled ticket corpus (tickets.jsonl).
 *
 *   npx tsx --conditions=source server/src/triage/corpus/generate.ts
 *
 * rewrites tickets.jsonl next to this file. The output depends only on the seed and
 * the scenario/phrasing tables, so it can be regenerated and reviewed as a diff; a
 * test checks that the committed file matches what this script produces.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Priority, TriageCategory } from '@relaydesk/shared';
import { PRIORITY_LEVELS } from '../localEngine/labels.js';
import { createSeededRandom, type SeededRandom } from '../localEngine/seededRandom.js';
import type { LabelledTicket } from './loadCorpus.js';
import {
  addTypos,
  CONTEXT_SENTENCES,
  DEADLINE_SENTENCES,
  GREETINGS,
  NO_RUSH_SENTENCES,
  SCOPE_SENTENCES,
  SHOUTING_PREFIXES,
  SHOUTING_SUFFIXES,
  SIGN_OFFS,
  SLOTS,
  type Scope,
  type SlotValue,
} from './phrasing.js';
import { SCENARIOS, type Scenario, type Weighted } from './scenarios.js';

export const CORPUS_SEED = 20_240_611;
export const CORPUS_SIZE = 900;

/** Share of tickets whose priority a second labeller would have put one step away. */
const PRIORITY_LABEL_NOISE = 0.05;

/** Categories that support leads commonly confuse with each other. */
const NEIGHBOUR_CATEGORY: Readonly<Record<TriageCategory, TriageCategory>> = {
  account: 'security',
  billing: 'account',
  bug: 'performance',
  performance: 'bug',
  security: 'account',
  integration: 'bug',
  how_to: 'feature_request',
  feature_request: 'how_to',
  other: 'how_to',
};
const CATEGORY_LABEL_NOISE = 0.03;

function resolveWeighted<T extends string>(value: Weighted<T>, random: SeededRandom): T {
  return typeof value === 'string' ? value : random.weighted(value);
}

/** Expands `[a|b]` alternatives and `{slot}` references, collecting skills carried by slot values. */
function expand(
  template: string,
  random: SeededRandom,
  skills: Set<string>,
  extraSlots: Readonly<Record<string, readonly SlotValue[]>> = {},
  depth = 0,
): string {
  const withAlternatives = template.replace(/\[([^\]|]+(?:\|[^\]|]+)+)\]/g, (_m, options: string) =>
    random.pick(options.split('|')),
  );
  return withAlternatives.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const values = extraSlots[name] ?? SLOTS[name];
    if (!values || depth > 3) return whole;
    const value = random.pick(values);
    if (typeof value === 'string') return expand(value, random, skills, extraSlots, depth + 1);
    for (const skill of value.skills) skills.add(skill);
    return expand(value.text, random, skills, extraSlots, depth + 1);
  });
}

function shiftPriority(priority: Priority, steps: number): Priority {
  const index = Math.min(Math.max(PRIORITY_LEVELS.indexOf(priority) + steps, 0), PRIORITY_LEVELS.length - 1);
  return PRIORITY_LEVELS[index] as Priority;
}

function scenarioPriority(scenario: Scenario, scope: Scope, random: SeededRandom): Priority {
  const spec = scenario.priority;
  if (typeof spec === 'object' && 'byScope' in spec) return resolveWeighted(spec.byScope[scope], random);
  return resolveWeighted(spec, random);
}

function generateTicket(random: SeededRandom): LabelledTicket {
  const scenario = random.weighted(Object.fromEntries(SCENARIOS.map((s) => [s.id, s.weight])));
  const chosen = SCENARIOS.find((s) => s.id === scenario) as Scenario;
  const scopeDependent = typeof chosen.priority === 'object' && 'byScope' in chosen.priority;
  const scope: Scope = scopeDependent ? random.weighted<Scope>({ single: 0.5, some: 0.25, widespread: 0.25 }) : 'single';

  const skills = new Set<string>(chosen.skills);
  const fill = (template: string) => expand(template, random, skills, chosen.slots);

  let priority = scenarioPriority(chosen, scope, random);
  const sentences: string[] = [];
  const details = random.shuffle(chosen.details).slice(0, random.integer(1, Math.min(3, chosen.details.length)));
  sentences.push(...details.map(fill));

  if (scopeDependent && (scope !== 'single' || random.chance(0.4))) {
    sentences.splice(random.integer(1, sentences.length), 0, fill(random.pick(SCOPE_SENTENCES[scope])));
  }
  if (random.chance(0.45)) sentences.push(fill(random.pick(CONTEXT_SENTENCES[chosen.context])));
  if (random.chance(0.15)) sentences.push(fill(random.pick(CONTEXT_SENTENCES.general)));

  if (chosen.adjustable && priority !== 'urgent') {
    const mentionsDeadline = random.chance(0.12);
    if (mentionsDeadline) {
      sentences.push(fill(random.pick(DEADLINE_SENTENCES)));
      priority = shiftPriority(priority, 1);
      if (priority === 'urgent') priority = 'high';
    } else if (priority !== 'low' && random.chance(0.12)) {
      sentences.push(fill(random.pick(NO_RUSH_SENTENCES)));
      priority = shiftPriority(priority, -1);
    }
  }

  const pressing = priority === 'urgent' || priority === 'high';
  const shouts = random.chance(pressing ? 0.2 : 0.05);
  if (shouts && random.chance(0.5)) sentences.push(random.pick(SHOUTING_SUFFIXES));

  let title = fill(random.pick(chosen.titles));
  if (shouts && random.chance(0.6)) title = random.pick(SHOUTING_PREFIXES) + title;

  let body = sentences.join(random.chance(0.3) ? '\n' : ' ');
  if (random.chance(0.3)) body = addTypos(body, random, random.integer(1, 3));
  if (random.chance(0.6)) body = `${random.pick(GREETINGS)}${random.chance(0.5) ? '\n\n' : ' '}${body}`;
  if (random.chance(0.55)) body = `${body}${random.chance(0.5) ? '\n\n' : ' '}${fill(random.pick(SIGN_OFFS))}`;
  if (random.chance(0.04)) body = body.toLowerCase();

  const caseRoll = random.next();
  if (caseRoll < 0.07) title = title.toLowerCase();
  else if (caseRoll < 0.1 && title.length < 40) title = title.toUpperCase();
  if (random.chance(0.05)) title = `Re: ${title}`;

  let category = resolveWeighted(
    scope === 'widespread' && chosen.widespreadCategory ? chosen.widespreadCategory : chosen.category,
    random,
  );
  if (random.chance(CATEGORY_LABEL_NOISE)) category = NEIGHBOUR_CATEGORY[category];
  if (random.chance(PRIORITY_LABEL_NOISE)) priority = shiftPriority(priority, random.chance(0.5) ? 1 : -1);
  // A labeller sometimes leaves out a skill that is only implied.
  const skillList = [...skills].filter(() => !random.chance(0.06)).sort();

  return { title, description: body, priority, category, skills: skillList };
}

/** Generates `size` labelled tickets, all distinct, from a fixed seed. */
export function generateCorpus(seed = CORPUS_SEED, size = CORPUS_SIZE): LabelledTicket[] {
  const random = createSeededRandom(seed);
  const seen = new Set<string>();
  const tickets: LabelledTicket[] = [];
  let attempts = 0;
  while (tickets.length < size) {
    if (++attempts > size * 20) throw new Error('could not generate enough distinct tickets');
    const ticket = generateTicket(random);
    const key = `${ticket.title}\n${ticket.description}`.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tickets.push(ticket);
  }
  return tickets;
}

/** The corpus as JSON Lines, one ticket per line, in a stable key order. */
export function serializeCorpus(tickets: readonly LabelledTicket[]): string {
  return tickets
    .map(({ title, description, priority, category, skills }) =>
      JSON.stringify({ title, description, priority, category, skills }),
    )
    .join('\n')
    .concat('\n');
}

export const CORPUS_FILE = fileURLToPath(new URL('./tickets.jsonl', import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tickets = generateCorpus();
  writeFileSync(CORPUS_FILE, serializeCorpus(tickets));
  console.log(`wrote ${tickets.length} tickets to ${CORPUS_FILE}`);
}

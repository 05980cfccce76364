import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CATEGORY_LABELS, PRIORITY_LEVELS } from '../localEngine/labels.js';

const labelledTicketSchema = z.object({
  title: z.string(),
  description: z.string(),
  priority: z.enum(PRIORITY_LEVELS),
  category: z.enum(CATEGORY_LABELS),
  skills: z.array(z.string().min(1)),
});

/** One ticket of the training corpus with the triage a support lead gave it. */
export type LabelledTicket = z.infer<typeof labelledTicketSchema>;

/**
 * Where the shipped corpus lives. `tsc` does not copy data files, so when running
 * from the compiled output (dist/…) the file is looked up in the matching src/ folder.
 */
export function defaultCorpusPath(): string | null {
  const beside = fileURLToPath(new URL('./tickets.jsonl', import.meta.url));
  return [beside, sourcePathFor(beside)].find((candidate) => existsSync(candidate)) ?? null;
}

/** Maps a path under the compiled output folder (the last `dist`) to the same path under `src`. */
export function sourcePathFor(compiledPath: string): string {
  return compiledPath.replace(/([\\/])dist([\\/])(?!.*[\\/]dist[\\/])/, '$1src$2');
}

/** Parses JSON Lines text into validated tickets; reports the line of the first bad entry. */
export function parseCorpus(text: string): LabelledTicket[] {
  const tickets: LabelledTicket[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = labelledTicketSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`corpus line ${index + 1}: ${parsed.error.message}`);
    tickets.push(parsed.data);
  });
  return tickets;
}

/** Reads and validates the labelled ticket corpus. */
export function loadCorpus(path: string | null = defaultCorpusPath()): LabelledTicket[] {
  if (path === null) throw new Error('the triage corpus (tickets.jsonl) was not found');
  return parseCorpus(readFileSync(path, 'utf8'));
}

/** The varied multi-domain corpus written by `variedCorpus.ts`, beside tickets.jsonl. */
export function variedCorpusPath(): string | null {
  const beside = fileURLToPath(new URL('./variedTickets.jsonl', import.meta.url));
  return [beside, sourcePathFor(beside)].find((candidate) => existsSync(candidate)) ?? null;
}

/** Everything the local engine trains on: the product corpus and the varied multi-domain corpus. */
export function loadTrainingCorpus(): LabelledTicket[] {
  const varied = variedCorpusPath();
  if (varied === null) throw new Error('the varied triage corpus (variedTickets.jsonl) was not found');
  return [...loadCorpus(), ...loadCorpus(varied)];
}

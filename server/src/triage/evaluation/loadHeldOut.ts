import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { sourcePathFor } from '../corpus/loadCorpus.js';
import { CATEGORY_LABELS, PRIORITY_LEVELS } from '../localEngine/labels.js';

const heldOutTicketSchema = z.object({
  title: z.string(),
  description: z.string(),
  priority: z.enum(PRIORITY_LEVELS),
  category: z.enum(CATEGORY_LABELS),
});

/** A hand-written ticket of the evaluation set; never used for training. */
export type HeldOutTicket = z.infer<typeof heldOutTicketSchema> & { skills: string[] };

/** Where the hand-written evaluation set lives (looked up under src/ when running from dist/). */
export function heldOutPath(): string {
  const beside = fileURLToPath(new URL('./heldOutTickets.jsonl', import.meta.url));
  return [beside, sourcePathFor(beside)].find((candidate) => existsSync(candidate)) ?? beside;
}

/**
 * Reads the separately written evaluation tickets. They carry no skill labels, so
 * `skills` is empty and skill metrics on this set mean nothing.
 */
export function loadHeldOutTickets(path: string = heldOutPath()): HeldOutTicket[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = heldOutTicketSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`held-out line ${index + 1}: ${parsed.error.message}`);
      return { ...parsed.data, skills: [] };
    });
}

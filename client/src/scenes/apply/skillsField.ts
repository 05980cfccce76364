import { z } from 'zod';
import { splitSkills } from '../../lib/labels.js';

/**
 * Skills typed as comma-separated text, checked by the given shared list schema
 * after splitting, so the messages are the server's own.
 */
export function skillsTextSchema<S extends z.ZodType<string[], string[]>>(listSchema: S) {
  return z.string().transform(splitSkills).pipe(listSchema);
}

import { z } from 'zod';
import { PRIORITIES } from '../enums.js';

export const TRIAGE_CATEGORIES = [
  'account',
  'billing',
  'bug',
  'performance',
  'security',
  'integration',
  'how_to',
  'feature_request',
  'other',
] as const;
export type TriageCategory = (typeof TRIAGE_CATEGORIES)[number];

/**
 * What a triage engine (Gemini or the local classifier) must return for a ticket.
 * Model output is parsed with this schema; anything else is rejected.
 */
export const triageResultSchema = z.object({
  summary: z.string().trim().min(1).max(500),
  priority: z.enum(PRIORITIES),
  relatedSkills: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(10),
  helpfulNotes: z.string().trim().max(2_000),
  category: z.enum(TRIAGE_CATEGORIES),
  /** How sure the engine is of the priority (0..1); the local engine reports it, Gemini does not. */
  confidence: z.number().min(0).max(1).optional(),
});
export type TriageResult = z.infer<typeof triageResultSchema>;

/** `GET /api/triage/model`: what the local engine has learned from the team. */
export const triageModelInfoSchema = z.object({
  version: z.number().int(),
  trainedAt: z.string().nullable(),
  corpusSize: z.number().int(),
  correctionsUsed: z.number().int(),
  /** Corrections made since the model was last trained; they count once it retrains. */
  correctionsPending: z.number().int(),
  correctionWeight: z.number(),
  /** Scores on the hand-written evaluation set. */
  evaluation: z.object({
    size: z.number().int(),
    priorityAccuracy: z.number(),
    priorityMacroF1: z.number(),
    threeLevelMacroF1: z.number(),
    categoryAccuracy: z.number(),
  }),
});
export type TriageModelInfoResponse = z.infer<typeof triageModelInfoSchema>;

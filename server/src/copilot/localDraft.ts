import type { DraftReply } from '@relaydesk/shared';
import type { SimilarHit } from './similarIndex.js';

/**
 * How much of the query's term weight the best solved ticket must match before its
 * reply is offered as a draft. Below it, the nearest solved ticket is usually about
 * something else that shares a word or two ("export", "login"), and a wrong draft
 * costs the moderator more than no draft.
 */
export const DRAFT_MIN_COVERAGE = 0.35;

/** Greetings that open a reply to someone else, replaced by one to this requester. */
const GREETING = /^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b[^,\n!]{0,40}[,!]?\s*/i;

/** The outcome of drafting: a draft, or an empty one and why. */
export interface LocalDraftOutcome {
  draft: DraftReply;
  reason?: string;
}

/** The first word of a name, for a greeting. */
function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/**
 * A reply built from the best solved ticket's closing reply: greets this requester,
 * names this ticket, and is labelled as a suggestion with the ticket it came from.
 * Returns an empty draft with a reason when no solved ticket is close enough.
 */
export function buildLocalDraft(hits: readonly SimilarHit[], target: { number: number; requesterName: string }): LocalDraftOutcome {
  const best = hits.find((hit) => hit.ticket.resolution.trim() !== '');
  if (!best || best.coverage < DRAFT_MIN_COVERAGE) {
    const nearest = hits[0];
    return {
      draft: { text: '', engine: 'local', sources: [], label: '' },
      reason: nearest
        ? `No solved ticket is close enough to draft from: the nearest, #${nearest.ticket.number}, matches ${Math.round(nearest.coverage * 100)}% of this ticket's wording.`
        : 'No solved ticket shares this ticket\u2019s wording yet.',
    };
  }
  const name = firstName(target.requesterName);
  const body = best.ticket.resolution.trim().replace(GREETING, '');
  const text = [`Hi${name ? ` ${name}` : ''},`, `Thanks for ticket #${target.number}. ${body}`, 'Let us know if this does not solve it.'].join('\n\n');
  return {
    draft: {
      text,
      engine: 'local',
      sources: [best.ticket._id],
      label: `Suggestion from solved ticket #${best.ticket.number} \u201c${best.ticket.title}\u201d (${Math.round(best.coverage * 100)}% of the wording matches): check it before sending.`,
    },
  };
}

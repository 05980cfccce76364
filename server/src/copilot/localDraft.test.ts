import { describe, expect, it } from 'vitest';
import { buildLocalDraft, DRAFT_MIN_COVERAGE } from './localDraft.js';
import type { SimilarHit } from './similarIndex.js';
import { closingStaffReply } from './repo.js';
import { Types } from 'mongoose';

const hit = (resolution: string, coverage: number, number = 7): SimilarHit => ({
  ticket: { _id: `id-${number}`, number, title: 'Webhook signature mismatch', resolution, length: 10, requester: 'r', completedAt: null },
  score: 5,
  coverage,
});

describe('buildLocalDraft', () => {
  it('greets this requester in place of the old one, names this ticket and labels the draft as a suggestion', () => {
    const { draft, reason } = buildLocalDraft([hit('Hi Rita, rotate the signing secret under Settings.', 0.8)], {
      number: 42,
      requesterName: 'Leo User',
    });
    expect(reason).toBeUndefined();
    expect(draft.text).toBe('Hi Leo,\n\nThanks for ticket #42. rotate the signing secret under Settings.\n\nLet us know if this does not solve it.');
    expect(draft.sources).toEqual(['id-7']);
    expect(draft.label).toMatch(/^Suggestion from solved ticket #7 .*80%/);
  });

  it('skips solved tickets closed without a reply, and gives up below the coverage threshold', () => {
    expect(buildLocalDraft([hit('', 0.9, 1), hit('Use the export page.', 0.6, 2)], { number: 3, requesterName: 'Uma' }).draft.sources).toEqual(['id-2']);
    const weak = buildLocalDraft([hit('Use the export page.', DRAFT_MIN_COVERAGE - 0.01)], { number: 3, requesterName: 'Uma' });
    expect(weak.draft).toEqual({ text: '', engine: 'local', sources: [], label: '' });
    expect(weak.reason).toMatch(/#7, matches 34%/);
    expect(buildLocalDraft([], { number: 3, requesterName: 'Uma' }).reason).toMatch(/No solved ticket/);
  });
});

describe('closingStaffReply', () => {
  const assignee = new Types.ObjectId();
  const requester = new Types.ObjectId();
  const admin = new Types.ObjectId();
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const comment = (author: Types.ObjectId, body: string, minute: number, internal = false) => ({
    _id: new Types.ObjectId(),
    ticket: new Types.ObjectId(),
    author,
    body,
    internal,
    createdAt: at(minute),
  });

  it('takes the last staff comment written before completion', () => {
    const comments = [comment(assignee, 'first answer', 1), comment(admin, 'the fix', 2), comment(requester, 'thanks!', 3), comment(assignee, 'after closing', 9)];
    const reply = closingStaffReply({ assignedTo: assignee, completedAt: at(5) }, comments, (id) => id === String(admin));
    expect(reply?.body).toBe('the fix');
    expect(closingStaffReply({ assignedTo: assignee, completedAt: at(5) }, [comment(requester, 'hello', 1)], () => false)).toBeNull();
  });

  it('never takes an internal note as the answer', () => {
    const comments = [comment(assignee, 'the public fix', 1), comment(assignee, 'note: customer is difficult', 2, true)];
    expect(closingStaffReply({ assignedTo: assignee, completedAt: at(5) }, comments, () => false)?.body).toBe('the public fix');
  });
});

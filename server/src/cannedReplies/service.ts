import type { CannedReplyCreateBody, CannedReplyListQuery, CannedReplyUpdateBody } from '@relaydesk/shared';
import { Types } from 'mongoose';
import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/authorize.js';
import { errors } from '../platform/errors.js';
import { escapeRegExp } from '../platform/pagination.js';
import { CannedReplyModel, type CannedReplyFields } from './model.js';

/** A team's library of saved answers is small; a list this long is already hard to pick from. */
const MAX_LISTED = 200;

async function cannedReplyOrNotFound(id: string): Promise<CannedReplyFields> {
  const found = Types.ObjectId.isValid(id) ? await CannedReplyModel.findById(id).lean<CannedReplyFields>() : null;
  if (!found) throw errors.notFound('canned reply');
  return found;
}

/** Saved answers: admins manage the library, every staff member inserts from it. */
export function createCannedReplyService() {
  return {
    async list(actor: Actor, query: CannedReplyListQuery): Promise<CannedReplyFields[]> {
      authorize(actor, 'workspace.useCannedReplies', null);
      const filter: Record<string, unknown> = {};
      if (query.q) {
        const pattern = new RegExp(escapeRegExp(query.q), 'i');
        filter.$or = [{ title: pattern }, { body: pattern }];
      }
      return CannedReplyModel.find(filter).sort({ title: 1, _id: 1 }).limit(MAX_LISTED).lean<CannedReplyFields[]>();
    },

    async create(actor: Actor, input: CannedReplyCreateBody): Promise<CannedReplyFields> {
      authorize(actor, 'workspace.manageCannedReplies', null);
      const created = await CannedReplyModel.create({ ...input, createdBy: actor.id });
      return created.toObject();
    },

    async update(actor: Actor, id: string, changes: CannedReplyUpdateBody): Promise<CannedReplyFields> {
      const existing = await cannedReplyOrNotFound(id);
      authorize(actor, 'cannedReply.update', existing);
      await CannedReplyModel.updateOne({ _id: existing._id }, { $set: changes });
      return cannedReplyOrNotFound(id);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const existing = await cannedReplyOrNotFound(id);
      authorize(actor, 'cannedReply.delete', existing);
      await CannedReplyModel.deleteOne({ _id: existing._id });
    },
  };
}

export type CannedReplyService = ReturnType<typeof createCannedReplyService>;

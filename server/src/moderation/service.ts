import type { ModRequestCreateBody, ModRequestListQuery, Paginated } from '@relaydesk/shared';
import type { Types } from 'mongoose';
import { errors } from '../platform/errors.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import { findPage } from '../platform/pagination.js';
import { ModeratorApplicationModel, type ModeratorApplicationFields } from './applicationModel.js';
import { UserModel } from '../users/userModel.js';
import type { Actor } from '../domain/actor.js';
import { authorize, can } from '../domain/authorize.js';
import type { PopulatedModRequest } from './presenter.js';
import type { DomainEvents } from '../domain/events.js';
import { withUserRefs, withUserRefsOne } from '../users/refs.js';

export interface ModRequestServiceDeps {
  lock: KeyedLock;
  events: DomainEvents;
}

const PEOPLE = ['user', 'reviewedBy'];
const DUPLICATE_KEY = 11000;

/** Applications from end users to become moderators, and an admin's decision on them. */
export function createModRequestService({ lock, events }: ModRequestServiceDeps) {
  async function load(id: Types.ObjectId | string) {
    return withUserRefsOne<PopulatedModRequest>(await ModeratorApplicationModel.findById(id).lean(), PEOPLE);
  }

  return {
    async apply(actor: Actor, input: ModRequestCreateBody): Promise<PopulatedModRequest> {
      authorize(actor, 'workspace.applyForModerator', null);
      try {
        const created = await ModeratorApplicationModel.create({ user: actor.id, ...input });
        await events.publish('mod_request.submitted', { applicationId: String(created._id), userId: actor.id });
        return (await load(created._id))!;
      } catch (err) {
        if ((err as { code?: number }).code === DUPLICATE_KEY) {
          throw errors.conflict('you already have a pending application');
        }
        throw err;
      }
    },

    /** Admins see every application; anyone else sees their own. */
    async list(actor: Actor, query: ModRequestListQuery): Promise<Paginated<PopulatedModRequest>> {
      const filter: Record<string, unknown> = can(actor, 'workspace.decideApplications', null) ? {} : { user: actor.id };
      if (query.status) filter.status = query.status;
      return findPage<ModeratorApplicationFields, PopulatedModRequest>(
        { model: ModeratorApplicationModel, filter, sort: { createdAt: -1, _id: -1 }, resolve: (docs) => withUserRefs(docs, PEOPLE) },
        query,
      );
    },

    /** Approves or rejects a pending application; approval makes the applicant a moderator with those skills. */
    async decide(actor: Actor, applicationId: string, status: 'approved' | 'rejected'): Promise<PopulatedModRequest> {
      return lock.run(`mod-request:${applicationId}`, async () => {
        const existing = await ModeratorApplicationModel.findById(applicationId).lean<ModeratorApplicationFields>();
        if (!existing) throw errors.notFound('application');
        authorize(actor, 'application.decide', existing);
        const decided = await ModeratorApplicationModel.findOneAndUpdate(
          { _id: existing._id, status: 'pending' },
          { $set: { status, reviewedBy: actor.id, reviewedAt: new Date(), openSlot: String(existing._id) } },
          { returnDocument: 'after' },
        ).lean();
        if (!decided) throw errors.conflict(`this application was already ${existing.status}`);
        if (status === 'approved') {
          // An admin who once applied keeps their role; only end users are promoted.
          await UserModel.updateOne({ _id: existing.user, role: 'user' }, { $set: { role: 'moderator' }, $inc: { authVersion: 1 } });
          await UserModel.updateOne({ _id: existing.user }, { $addToSet: { skills: { $each: existing.skills } } });
          await events.publish('user.updated', { userId: String(existing.user), fields: ['role', 'skills'] });
        }
        await events.publish('mod_request.decided', { applicationId, userId: String(existing.user), status });
        return (await load(applicationId))!;
      });
    },
  };
}

export type ModRequestService = ReturnType<typeof createModRequestService>;

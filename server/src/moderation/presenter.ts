import type { ModRequest } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { abilitiesOn } from '../domain/authorize.js';
import { isoOrNull, presentRequiredUserRef, presentUserRef, type RefOrId } from '../users/presenter.js';
import type { ModeratorApplicationFields } from './applicationModel.js';

export type PopulatedModRequest = Omit<ModeratorApplicationFields, 'user' | 'reviewedBy'> & {
  user: RefOrId;
  reviewedBy: RefOrId;
};

/** An application as the viewer may see it, with their abilities on it. */
export function presentModRequest(app: PopulatedModRequest, viewer: Actor): ModRequest {
  return {
    id: String(app._id),
    user: presentRequiredUserRef(app.user),
    skills: [...app.skills],
    motivation: app.motivation,
    status: app.status,
    reviewedBy: presentUserRef(app.reviewedBy),
    reviewedAt: isoOrNull(app.reviewedAt),
    createdAt: app.createdAt.toISOString(),
    abilities: abilitiesOn(viewer, 'application', app),
  };
}

import type { CannedReply } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { abilitiesOn } from '../domain/authorize.js';
import type { CannedReplyFields } from './model.js';

/** A canned reply with the viewer's abilities on it. */
export function presentCannedReply(reply: CannedReplyFields, viewer: Actor): CannedReply {
  return {
    id: String(reply._id),
    title: reply.title,
    body: reply.body,
    createdAt: reply.createdAt.toISOString(),
    updatedAt: reply.updatedAt.toISOString(),
    abilities: abilitiesOn(viewer, 'cannedReply', reply),
  };
}

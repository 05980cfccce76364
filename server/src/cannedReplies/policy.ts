import type { CannedReplyAction } from '@relaydesk/shared';
import { definePolicy } from '../domain/policy.js';

type CannedReplyRelation = 'admin' | 'staff';

/** Staff use canned replies; admins write, change and delete them. */
export const cannedReplyPolicy = definePolicy<object, CannedReplyAction, CannedReplyRelation>({
  relationsOf(actor) {
    const relations = new Set<CannedReplyRelation>();
    if (actor.role === 'admin') relations.add('admin');
    if (actor.role !== 'user') relations.add('staff');
    return relations;
  },
  rules: {
    use: ['staff'],
    update: ['admin'],
    delete: ['admin'],
  },
});

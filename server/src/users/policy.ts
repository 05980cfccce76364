import type { UserAction } from '@relaydesk/shared';
import { definePolicy } from '../domain/policy.js';

type UserRelation = 'admin' | 'self';

/** Who may see and change a user account. Changing a role or skills is an admin's act. */
export const userPolicy = definePolicy<{ _id: unknown }, UserAction, UserRelation>({
  relationsOf(actor, user) {
    const relations = new Set<UserRelation>();
    if (actor.role === 'admin') relations.add('admin');
    if (String(user._id) === actor.id) relations.add('self');
    return relations;
  },
  rules: {
    read: ['admin', 'self'],
    update: ['admin'],
  },
});

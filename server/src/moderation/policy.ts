import type { ApplicationAction } from '@relaydesk/shared';
import { definePolicy } from '../domain/policy.js';

type ApplicationRelation = 'admin' | 'applicant';

/** Who may see and decide an application to become a moderator. */
export const applicationPolicy = definePolicy<{ user: unknown }, ApplicationAction, ApplicationRelation>({
  relationsOf(actor, application) {
    const relations = new Set<ApplicationRelation>();
    if (actor.role === 'admin') relations.add('admin');
    const applicant = application.user as { _id?: unknown } | string;
    if (String(typeof applicant === 'object' && applicant && '_id' in applicant ? applicant._id : applicant) === actor.id) {
      relations.add('applicant');
    }
    return relations;
  },
  rules: {
    read: ['admin', 'applicant'],
    decide: ['admin'],
  },
});

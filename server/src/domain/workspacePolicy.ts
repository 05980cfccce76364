import type { Role, WorkspaceAction } from '@relaydesk/shared';
import { definePolicy } from './policy.js';

/**
 * What each role may do across the product, independent of any one record:
 * which areas and lists exist for them. The resource is the workspace itself (null).
 */
export const workspacePolicy = definePolicy<null, WorkspaceAction, Role>({
  relationsOf: (actor) => new Set<Role>([actor.role]),
  rules: {
    fileTicket: ['user', 'moderator', 'admin'],
    applyForModerator: ['user'],
    workQueue: ['moderator', 'admin'],
    listAllTickets: ['admin'],
    manageUsers: ['admin'],
    decideApplications: ['admin'],
    viewStats: ['admin'],
    viewOutbox: ['admin'],
    viewPresence: ['user', 'moderator', 'admin'],
    useCannedReplies: ['moderator', 'admin'],
    manageCannedReplies: ['admin'],
    useCopilot: ['moderator', 'admin'],
    viewCopilotRuns: ['admin'],
    viewSla: ['moderator', 'admin'],
    manageSla: ['admin'],
    bulkUpdateTickets: ['admin'],
  },
});

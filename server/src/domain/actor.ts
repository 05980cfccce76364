import type { Role } from '@relaydesk/shared';

/** The person acting, as every service receives it. */
export interface Actor {
  id: string;
  role: Role;
  name: string;
}

import type { AppConfig } from './config/env.js';
import { createKeyedLock, type KeyedLock } from './lib/keyedLock.js';
import type { Logger } from './lib/logger.js';
import type { RedisHandle } from './lib/redis.js';
import { createCommentService } from './services/commentService.js';
import { createDomainEvents, type DomainEvents } from './services/domainEvents.js';
import { createModRequestService } from './services/modRequestService.js';
import { createTicketService } from './services/ticketService.js';
import { createUserService } from './services/userService.js';

/** Everything a transport adapter (HTTP, sockets, workflows) needs, built once per process. */
export interface AppContext {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  lock: KeyedLock;
  events: DomainEvents;
  mongoEngine: string;
  version: string;
  services: {
    users: ReturnType<typeof createUserService>;
    tickets: ReturnType<typeof createTicketService>;
    comments: ReturnType<typeof createCommentService>;
    modRequests: ReturnType<typeof createModRequestService>;
  };
}

export interface ContextOptions {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  mongoEngine: string;
}

export function createContext({ config, logger, redis, mongoEngine }: ContextOptions): AppContext {
  const lock = createKeyedLock({ redis });
  const events = createDomainEvents(logger);
  const users = createUserService({ jwt: config.jwt, bcryptRounds: config.bcryptRounds, events });
  const tickets = createTicketService({ lock, events });
  const comments = createCommentService({ tickets, lock, events });
  const modRequests = createModRequestService({ lock, events });
  return {
    config,
    logger,
    redis,
    lock,
    events,
    mongoEngine,
    version: process.env.npm_package_version ?? '0.1.0',
    services: { users, tickets, comments, modRequests },
  };
}

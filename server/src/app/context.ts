import type { AppConfig } from '../config/env.js';
import { createCache, type Cache } from '../platform/cache.js';
import { createKeyedLock, type KeyedLock } from '../platform/keyedLock.js';
import type { Logger } from '../platform/logger.js';
import type { RedisHandle } from '../platform/redis.js';
import { registerCacheInvalidation } from '../domain/cacheTags.js';
import { createCommentService } from '../tickets/commentService.js';
import { createDomainEvents, type DomainEvents } from '../domain/events.js';
import { createModRequestService } from '../moderation/service.js';
import { createStatsService, type StatsService } from '../stats/service.js';
import { createPresenceService, type PresenceService } from '../presence/service.js';
import { createTicketService } from '../tickets/service.js';
import { createUserService } from '../users/service.js';
import { createMailer } from '../mail/mailer.js';

/** Everything a transport adapter (HTTP, sockets, workflows) needs, built once per process. */
export interface AppContext {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  lock: KeyedLock;
  events: DomainEvents;
  cache: Cache;
  mongoEngine: string;
  version: string;
  services: {
    users: ReturnType<typeof createUserService>;
    tickets: ReturnType<typeof createTicketService>;
    comments: ReturnType<typeof createCommentService>;
    modRequests: ReturnType<typeof createModRequestService>;
    stats: StatsService;
    presence: PresenceService;
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
  const cache = createCache({ redis, logger, enabled: config.cache.enabled, timeoutMs: config.cache.timeoutMs });
  registerCacheInvalidation(events, cache);
  const users = createUserService({
    jwt: config.jwt,
    bcryptRounds: config.bcryptRounds,
    events,
    cache,
    accountNotices: { mailer: createMailer(config.mail, logger), appUrl: config.appUrl, logger },
  });
  const tickets = createTicketService({ lock, events, cache });
  const comments = createCommentService({ tickets, lock, events });
  const modRequests = createModRequestService({ lock, events });
  const { presenceGraceMs: graceMs, heartbeatMs, presenceTtlMs: ttlMs } = config.realtime;
  const presence = createPresenceService({ redis, events, logger, timings: { graceMs, heartbeatMs, ttlMs } });
  return {
    config,
    logger,
    redis,
    lock,
    events,
    cache,
    mongoEngine,
    version: process.env.npm_package_version ?? '0.1.0',
    services: { users, tickets, comments, modRequests, presence, stats: createStatsService({ cache }) },
  };
}

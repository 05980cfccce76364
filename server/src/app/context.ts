import type { AppConfig } from '../config/env.js';
import { createAttachmentService, type AttachmentService } from '../attachments/service.js';
import { createGridFsBlobStore } from '../platform/gridFsBlobStore.js';
import { createS3BlobStore } from '../platform/s3BlobStore.js';
import { createCannedReplyService, type CannedReplyService } from '../cannedReplies/service.js';
import { createCopilotService, type CopilotService } from '../copilot/service.js';
import { createSimilarIndex, type SimilarIndex } from '../copilot/similarIndex.js';
import { createReadMarkers } from '../tickets/readMarkers.js';
import { createCopilotAgent } from '../copilot/agent.js';
import { createTicketEmbedder } from '../copilot/embeddings.js';
import { createCircuitBreaker } from '../platform/circuitBreaker.js';
import { createManualAssignmentService, type ManualAssignmentService } from '../assignment/manualAssignment.js';
import { createAutoAssignService, createStaffDirectory, type AutoAssignService } from '../assignment/service.js';
import { createResolutionService, type ResolutionService } from '../assignment/resolutionService.js';
import { createDomainEvents, type DomainEvents } from '../domain/events.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { createNotificationService, type NotificationService } from '../mail/notificationService.js';
import { createModRequestService, type ModRequestService } from '../moderation/service.js';
import { createCache, type Cache } from '../platform/cache.js';
import { createKeyedLock, type KeyedLock } from '../platform/keyedLock.js';
import type { Logger } from '../platform/logger.js';
import { createMetrics, type Metrics } from '../platform/metrics.js';
import type { RedisHandle } from '../platform/redis.js';
import { createPresenceService, type PresenceService } from '../presence/service.js';
import { createStatsService, type StatsService } from '../stats/service.js';
import { createCommentService, type CommentService } from '../tickets/commentService.js';
import { createTicketService, type TicketService } from '../tickets/service.js';
import { createTicketWorkflowRequests, type TicketWorkflowRequests } from '../tickets/workflowRequests.js';
import { createTriageServiceFromConfig, type TriageService } from '../triage/engine.js';
import { createTriageCorrectionService, type TriageCorrectionService } from '../triage/corrections.js';
import { createTriageLearning, type TriageLearning } from '../triage/learning.js';
import { createTicketTriageService, type TicketTriageService } from '../triage/service.js';
import { createRefreshTokenStore } from '../users/refreshTokens.js';
import { createUserService, type UserService } from '../users/service.js';
import { createTokenDenylist } from '../users/tokenDenylist.js';
import { loadSlaRules } from '../sla/policyStore.js';
import { createSlaService, type SlaService } from '../sla/service.js';
import { createRequesterUpdateService, type RequesterUpdateService } from '../requesterUpdates/service.js';
import { createQueueService, type QueueService } from '../queue/service.js';

/** Every domain service of a process, each built once. */
export interface DomainServices {
  users: UserService;
  tickets: TicketService;
  comments: CommentService;
  ticketWorkflows: TicketWorkflowRequests;
  modRequests: ModRequestService;
  stats: StatsService;
  presence: PresenceService;
  /** The triage engine: Gemini with the local engine as fallback, or local alone. */
  triage: TriageService;
  /** Reading a ticket for triage and writing the outcome back. */
  ticketTriage: TicketTriageService;
  /** People correcting triage. */
  triageCorrections: TriageCorrectionService;
  /** The local engine learning from those corrections. */
  triageLearning: TriageLearning;
  assignment: AutoAssignService;
  /** People choosing the assignee: assign, claim, release. */
  manualAssignment: ManualAssignmentService;
  resolutions: ResolutionService;
  mailer: Mailer;
  notifications: NotificationService;
  cannedReplies: CannedReplyService;
  /** The BM25 index of solved tickets behind the copilot. */
  similarIndex: SimilarIndex;
  /** Help for staff on a ticket: similar solved tickets, drafted replies, the requester's history. */
  copilot: CopilotService;
  sla: SlaService;
  /** E-mails to requesters about replies and status changes, gathered per ticket. */
  requesterUpdates: RequesterUpdateService;
  /** Bulk actions on a selection of the work queue. */
  queue: QueueService;
  /** Files on tickets and comments. */
  attachments: AttachmentService;
}

/** Everything a transport adapter (HTTP, sockets, workflows) needs, built once per process. */
export interface AppContext {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  lock: KeyedLock;
  events: DomainEvents;
  cache: Cache;
  /** The process's Prometheus collectors. */
  metrics: Metrics;
  mongoEngine: string;
  version: string;
  services: DomainServices;
}

/** Parts a test replaces: a model pointed at a loopback server, a mailer with a stub transport. */
export type ServiceOverrides = Partial<Pick<DomainServices, 'triage' | 'mailer'>>;

export interface ContextOptions {
  config: AppConfig;
  logger: Logger;
  redis: RedisHandle;
  mongoEngine: string;
  overrides?: ServiceOverrides;
  /** The collectors to record into; a fresh registry by default. */
  metrics?: Metrics;
}

/**
 * Builds the platform parts and every domain service, in dependency order. Pure
 * construction: nothing subscribes, starts a timer or opens a connection here;
 * the composition root wires and starts what needs it.
 */
export function createContext({ config, logger, redis, mongoEngine, overrides = {}, metrics = createMetrics() }: ContextOptions): AppContext {
  const lock = createKeyedLock({ redis });
  const events = createDomainEvents(logger);
  const cache = createCache({ redis, logger, enabled: config.cache.enabled, timeoutMs: config.cache.timeoutMs });

  const mailer = overrides.mailer ?? createMailer(config.mail, logger);
  const readMarkers = createReadMarkers({ redis, logger });
  const tickets = createTicketService({ lock, events, cache, slaRules: loadSlaRules, readMarkers });
  const users = createUserService({
    jwt: config.jwt,
    bcryptRounds: config.bcryptRounds,
    events,
    cache,
    refreshTokens: createRefreshTokenStore({ ttlDays: config.refreshTokenTtlDays }),
    denylist: createTokenDenylist({ redis, logger, timeoutMs: config.cache.timeoutMs }),
    tickets,
    accountNotices: { mailer, appUrl: config.appUrl, logger },
  });
  const comments = createCommentService({ tickets, lock, events, readMarkers });
  const { presenceGraceMs: graceMs, heartbeatMs, presenceTtlMs: ttlMs } = config.realtime;
  const presence = createPresenceService({ redis, events, logger, timings: { graceMs, heartbeatMs, ttlMs } });
  const { capacity } = config.assignment;
  const triageLearning = createTriageLearning({ lock, logger, ...config.triage });
  const similarIndex = createSimilarIndex({ lock, logger, redis });
  const assignment = createAutoAssignService({ tickets, lock, presence, capacity, logger, cache });
  const staffDirectory = createStaffDirectory(cache);

  const manualAssignment = createManualAssignmentService({ tickets, assignment, lock, capacity });
  const triageCorrections = createTriageCorrectionService({ lock, events, tickets });

  const services: DomainServices = {
    users,
    tickets,
    comments,
    ticketWorkflows: createTicketWorkflowRequests({ tickets, events }),
    modRequests: createModRequestService({ lock, events }),
    stats: createStatsService({ lock, logger, team: () => staffDirectory.rows() }),
    presence,
    triage: overrides.triage ?? createTriageServiceFromConfig(config, logger, triageLearning),
    ticketTriage: createTicketTriageService({ lock, events, tickets }),
    triageCorrections,
    triageLearning,
    assignment,
    manualAssignment,
    queue: createQueueService({
      assign: (actor, id, moderatorId, force) => manualAssignment.assign(actor, id, { moderatorId, force }),
      changeStatus: (actor, id, status) => tickets.changeStatus(actor, id, status),
      changePriority: (actor, id, priority) => triageCorrections.correctTriage(actor, id, { priority }),
      logger,
    }),
    resolutions: createResolutionService({ events }),
    mailer,
    notifications: createNotificationService({ mailer, appUrl: config.appUrl, lock }),
    cannedReplies: createCannedReplyService(),
    similarIndex,
    copilot: createCopilotFromConfig(config, logger, { tickets, index: similarIndex, events }),
    sla: createSlaService({ lock, events, tickets, presence }),
    requesterUpdates: createRequesterUpdateService({ lock, mailer, appUrl: config.appUrl, windowMs: config.requesterDigest.windowMs }),
    attachments: createAttachmentService({
      tickets,
      store: config.attachments.s3 ? createS3BlobStore(config.attachments.s3) : createGridFsBlobStore(),
      events,
      logger,
    }),
  };
  return { config, logger, redis, lock, events, cache, metrics, mongoEngine, version: process.env.npm_package_version ?? '0.1.0', services };
}

/**
 * The copilot the configuration asks for: with `GEMINI_API_KEY`, the agent and
 * embeddings behind their own circuit breaker (an outage of the copilot's calls
 * should not stop triage's, and the other way round); without it, the local engine.
 */
function createCopilotFromConfig(
  config: AppConfig,
  logger: Logger,
  deps: Pick<Parameters<typeof createCopilotService>[0], 'tickets' | 'index' | 'events'>,
): CopilotService {
  const { apiKey, model, baseUrl, timeoutMs } = config.gemini;
  const copilotLogger = logger.child({ component: 'copilot' });
  if (!apiKey) return createCopilotService({ ...deps, logger: copilotLogger, agent: null, embedder: null, waitMs: config.copilot.waitMs });
  const breaker = createCircuitBreaker({
    threshold: 5,
    cooldownMs: 30_000,
    onStateChange: (state) => copilotLogger.warn({ state }, `copilot's Gemini circuit breaker is ${state}`),
  });
  return createCopilotService({
    ...deps,
    logger: copilotLogger,
    agent: createCopilotAgent({ apiKey, model, baseUrl, timeoutMs: config.copilot.timeoutMs, breaker, logger: copilotLogger }),
    embedder: createTicketEmbedder({ apiKey, baseUrl, timeoutMs, breaker, logger: copilotLogger }),
    waitMs: config.copilot.waitMs,
  });
}

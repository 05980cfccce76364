import type { PasswordChangeBody, PreferencesUpdateBody, PresenceStatus, SignupBody, TokenPair, UserListQuery, UserUpdateBody } from '@relaydesk/shared';
import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Cache, CacheSpec } from '../platform/cache.js';
import { errors } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { Mailer } from '../mail/mailer.js';
import { signupAttemptEmail } from '../mail/templates.js';
import { escapeRegExp, findPage } from '../platform/pagination.js';
import { UserModel, type UserFields } from './userModel.js';
import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/authorize.js';
import { cacheTags } from '../domain/cacheTags.js';
import type { DomainEventMap, DomainEvents } from '../domain/events.js';
import type { TicketService } from '../tickets/service.js';
import type { RefreshTokenStore } from './refreshTokens.js';
import type { TokenDenylist } from './tokenDenylist.js';

export type SafeUser = Omit<UserFields, 'passwordHash'>;

/** Who a valid token belongs to: what every request needs to authorise, and no more. */
export interface AuthIdentity {
  _id: string;
  name: string;
  role: UserFields['role'];
  presence: UserFields['presence'];
  authVersion: number;
}

/**
 * Short, because it bounds how long a change the services never heard of goes unseen:
 * a user deleted straight in the database (the product has no deletion of its own) or a
 * change made while Redis was away. Every change made through the services drops the
 * entry at once (`user.updated`), and a miss reads the user, so a deleted one is refused.
 */
const IDENTITY_TTL_SECONDS = 5;

function identityCacheSpec(userId: string): CacheSpec {
  return { name: 'identity', params: userId, tags: [cacheTags.user(userId)], ttlSeconds: IDENTITY_TTL_SECONDS };
}

export interface UserServiceDeps {
  jwt: { secret: string; expiresIn: string };
  bcryptRounds: number;
  events: DomainEvents;
  cache: Cache;
  /** Refresh tokens: one family per session, rotated on every use. */
  refreshTokens: RefreshTokenStore;
  /** Access tokens signed out before they expire. */
  denylist: TokenDenylist;
  /** Gives back the open tickets of someone who stops being staff. */
  tickets: Pick<TicketService, 'releaseOpenTicketsOf'>;
  /** Where the owner of an address is told that someone tried to sign up with it; without it nobody is told. */
  accountNotices?: { mailer: Mailer; appUrl: string; logger: Logger };
}

interface TokenClaims {
  sub: string;
  ver: number;
  /** Names the token, so signing out can refuse this one alone. */
  jti?: string;
  exp?: number;
}

/** What a signed-in session holds: the user, a short-lived access token and its refresh token. */
export interface SignedIn extends TokenPair {
  user: SafeUser;
}

type RevokeReason = DomainEventMap['user.sessions_revoked']['reason'];

const INVALID_CREDENTIALS = 'invalid email or password';
const DUPLICATE_KEY = 11000;
/** At most one "someone tried to sign up" e-mail per address in this time, so signups cannot flood an inbox. */
const SIGNUP_NOTICE_INTERVAL_MS = 60 * 60 * 1000;

/** Accounts, credentials, tokens and the user administration an admin does. */
export function createUserService({
  jwt: jwtConfig,
  bcryptRounds,
  events,
  cache,
  refreshTokens,
  denylist,
  tickets,
  accountNotices,
}: UserServiceDeps) {
  // Compared against when the email is unknown, so a login takes as long either way.
  const dummyHash = bcrypt.hashSync('relaydesk-timing-equaliser', bcryptRounds);
  // Made once: given a string, jsonwebtoken builds a KeyObject on every call, which
  // took about 570 µs of a 580 µs verify here (11 µs with the KeyObject).
  const tokenKey = createSecretKey(Buffer.from(jwtConfig.secret, 'utf8'));

  function issueToken(user: Pick<UserFields, '_id' | 'authVersion'>): string {
    const claims: TokenClaims = { sub: String(user._id), ver: user.authVersion };
    return jwt.sign(claims, tokenKey, {
      algorithm: 'HS256',
      expiresIn: jwtConfig.expiresIn as jwt.SignOptions['expiresIn'],
      jwtid: randomUUID(),
    });
  }

  /** The claims of a token this service signed, or null when it is not one (or has run out). */
  function verifiedClaims(token: string): TokenClaims | null {
    try {
      return jwt.verify(token, tokenKey, { algorithms: ['HS256'] }) as TokenClaims;
    } catch {
      return null;
    }
  }

  /** An access token and a refresh token; a new session unless `family` continues one. */
  async function issueTokenPair(user: Pick<UserFields, '_id' | 'authVersion'>, family?: string): Promise<TokenPair> {
    return { token: issueToken(user), refreshToken: await refreshTokens.issue(String(user._id), family) };
  }

  /**
   * Makes every access token the user holds stale at once: the version they carry no
   * longer matches, the cached identity is dropped (blocking, before this returns) and
   * the real-time layer ends their live connections.
   */
  async function revokeAccessTokens(userId: string, reason: RevokeReason): Promise<void> {
    await UserModel.updateOne({ _id: userId }, { $inc: { authVersion: 1 } });
    await events.publish('user.updated', { userId, fields: ['authVersion'] });
    await events.publish('user.sessions_revoked', { userId, reason });
  }

  async function passwordMatches(userId: string, password: string): Promise<boolean> {
    const found = await UserModel.findById(userId).select('+passwordHash').lean<UserFields>();
    return bcrypt.compare(password, found?.passwordHash ?? dummyHash).then((same) => same && Boolean(found));
  }

  /**
   * Updates a user and reads it back. Two steps rather than findOneAndUpdate:
   * the hidden password field makes mongoose send a projection with
   * findAndModify, which FerretDB does not implement.
   */
  async function updateUser(id: string, update: Record<string, unknown>): Promise<SafeUser | null> {
    const result = await UserModel.updateOne({ _id: id }, update, { runValidators: true });
    return result.matchedCount === 0 ? null : findUser(id);
  }

  async function findUser(id: string): Promise<SafeUser | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    return UserModel.findById(id).lean<SafeUser>();
  }

  const lastSignupNotice = new Map<string, number>();

  /**
   * Tells the owner of `email` that someone tried to sign up with it. Not awaited
   * by signup: a mail provider's round trip would make the answer slower for
   * existing addresses than for new ones, which is the very thing to hide.
   */
  function noticeSignupAttempt(owner: { _id: unknown; name: string; email: string }): void {
    if (!accountNotices) return;
    const now = Date.now();
    const { email } = owner;
    if (now - (lastSignupNotice.get(email) ?? 0) < SIGNUP_NOTICE_INTERVAL_MS) return;
    lastSignupNotice.set(email, now);
    for (const [address, at] of lastSignupNotice) if (now - at >= SIGNUP_NOTICE_INTERVAL_MS) lastSignupNotice.delete(address);
    const { mailer, appUrl, logger } = accountNotices;
    void (async () => {
      await mailer.send({
        ...signupAttemptEmail({ name: owner.name, appUrl: appUrl.replace(/\/+$/, '') }),
        to: owner.email,
        userId: String(owner._id),
        // Several processes may each notice an attempt in the same hour; the outbox keeps one.
        idempotencyKey: `signup-attempt:${String(owner._id)}:${Math.floor(now / SIGNUP_NOTICE_INTERVAL_MS)}`,
      });
    })().catch((err: unknown) => logger.error({ err }, 'could not send the signup-attempt notice'));
  }

  /**
   * What signup answers for an address that already has an account: the same
   * shape as a real signup (a user with model defaults and a signed token), for a
   * user that does not exist, so the token authenticates nothing.
   */
  function lookalikeSignup(input: SignupBody, passwordHash: string): SignedIn {
    const now = new Date();
    const { passwordHash: _hash, ...fields } = new UserModel({ name: input.name, email: input.email, passwordHash }).toObject();
    const user: SafeUser = { ...fields, createdAt: now, updatedAt: now };
    // Shaped like a real refresh token, stored nowhere, so it refreshes nothing.
    return { user, token: issueToken(user), refreshToken: randomBytes(32).toString('base64url') };
  }

  return {
    issueToken,

    /**
     * Creates an account and signs it in. An address that already has an account
     * gets an answer of the same shape (see lookalikeSignup) and its owner an
     * e-mail, so signup does not tell a stranger which addresses are registered.
     */
    async signup(input: SignupBody): Promise<SignedIn> {
      const passwordHash = await bcrypt.hash(input.password, bcryptRounds);
      let created;
      try {
        created = await UserModel.create({ name: input.name, email: input.email, passwordHash });
      } catch (err) {
        if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
        // A read, as a real signup reads its new account back: both answers take about as long.
        const owner = await UserModel.findOne({ email: input.email }).select('name email').lean();
        if (owner) noticeSignupAttempt(owner);
        return lookalikeSignup(input, passwordHash);
      }
      const user = (await findUser(String(created._id)))!;
      await events.publish('user.signed_up', { userId: String(user._id), name: user.name, email: user.email });
      return { user, ...(await issueTokenPair(user)) };
    },

    async login(email: string, password: string): Promise<SignedIn> {
      const found = await UserModel.findOne({ email: email.toLowerCase() }).select('+passwordHash').lean<UserFields>();
      const matches = await bcrypt.compare(password, found?.passwordHash ?? dummyHash);
      if (!found || !matches) throw errors.unauthenticated(INVALID_CREDENTIALS);
      const { passwordHash: _hash, ...user } = found;
      return { user, ...(await issueTokenPair(user)) };
    },

    /**
     * Trades a refresh token for a new access token and its successor; the one given
     * never works again. Reusing a spent one ends that whole session, since someone
     * else holds a copy. Any problem is the same 401.
     */
    async refresh(refreshToken: string): Promise<TokenPair> {
      const outcome = await refreshTokens.use(refreshToken);
      if (outcome.kind !== 'rotated') throw errors.unauthenticated('invalid, expired or revoked refresh token');
      const user = await findUser(outcome.userId);
      if (!user) {
        await refreshTokens.revokeFamily(outcome.family);
        throw errors.unauthenticated('invalid, expired or revoked refresh token');
      }
      return issueTokenPair(user, outcome.family);
    },

    /**
     * Ends one session: its refresh token's family, and the access token presented,
     * which is refused until it would have expired. Either may be missing or already
     * invalid; signing out still succeeds.
     */
    async logout({ accessToken, refreshToken }: { accessToken?: string; refreshToken?: string }): Promise<void> {
      if (refreshToken) await refreshTokens.revokeSessionOf(refreshToken);
      const claims = accessToken ? verifiedClaims(accessToken) : null;
      if (claims?.jti && typeof claims.exp === 'number') {
        await denylist.add(claims.jti, claims.exp * 1000);
        await events.publish('user.sessions_revoked', { userId: claims.sub, reason: 'signed_out', tokenId: claims.jti });
      }
    },

    /** Ends every session of the actor, on every device. */
    async logoutEverywhere(actor: Actor): Promise<void> {
      await refreshTokens.revokeAllOf(actor.id);
      await revokeAccessTokens(actor.id, 'signed_out');
    },

    /**
     * Sets a new password once the current one is confirmed, ends every session and
     * opens a new one for the caller. A wrong current password is a validation error
     * naming the field, not a 401: the caller's session is fine.
     */
    async changePassword(actor: Actor, { currentPassword, newPassword }: PasswordChangeBody): Promise<TokenPair> {
      if (!(await passwordMatches(actor.id, currentPassword))) {
        throw errors.validation('the current password is not right', [
          { path: 'currentPassword', message: 'is not your current password' },
        ]);
      }
      const passwordHash = await bcrypt.hash(newPassword, bcryptRounds);
      await UserModel.updateOne({ _id: actor.id }, { $set: { passwordHash } });
      await refreshTokens.revokeAllOf(actor.id);
      await revokeAccessTokens(actor.id, 'password_changed');
      const user = await findUser(actor.id);
      if (!user) throw errors.unauthenticated('invalid or expired token');
      return issueTokenPair(user);
    },

    /**
     * Resolves a bearer token to who it belongs to; any problem is the same 401,
     * so nothing leaks about why. The identity is cached briefly and dropped
     * whenever the user's role, presence or token version changes; a token signed
     * out on its own is refused through the denylist.
     */
    async authenticate(token: string): Promise<AuthIdentity> {
      const claims = verifiedClaims(token);
      if (!claims || (claims.jti !== undefined && (await denylist.has(claims.jti)))) {
        throw errors.unauthenticated('invalid or expired token');
      }
      const userId = claims.sub;
      const identity =
        typeof userId === 'string' && Types.ObjectId.isValid(userId)
          ? await cache.getOrLoad(
              identityCacheSpec(userId),
              async (): Promise<AuthIdentity | null> => {
                const user = await findUser(userId);
                return user
                  ? { _id: String(user._id), name: user.name, role: user.role, presence: user.presence, authVersion: user.authVersion }
                  : null;
              },
            )
          : null;
      if (!identity || identity.authVersion !== claims.ver) throw errors.unauthenticated('invalid or expired token');
      return identity;
    },

    /**
     * What `authenticate(token)` will ask Redis for, so a request can read it ahead
     * (see platform/readAhead.ts); null for a token that does not verify. The identity
     * entry holds the user's `role`.
     */
    authenticationReadAhead(token: string): { userId: string; denylistKey: string | null; identity: CacheSpec } | null {
      const claims = verifiedClaims(token);
      if (!claims || typeof claims.sub !== 'string' || !Types.ObjectId.isValid(claims.sub)) return null;
      return {
        userId: claims.sub,
        denylistKey: claims.jti === undefined ? null : denylist.readAheadKey(claims.jti),
        identity: identityCacheSpec(claims.sub),
      };
    },

    findUser,

    /** Changes the caller's own settings; nobody changes another person's. */
    async setPreferences(actor: Actor, changes: PreferencesUpdateBody): Promise<SafeUser> {
      const $set: Partial<UserFields> = {};
      if (changes.notifyByEmail !== undefined) $set.notifyByEmail = changes.notifyByEmail;
      const user = await updateUser(actor.id, { $set });
      if (!user) throw errors.notFound('user');
      await events.publish('user.updated', { userId: actor.id, fields: Object.keys($set) });
      return user;
    },

    async setPresence(actor: Actor, status: PresenceStatus): Promise<SafeUser> {
      const user = await updateUser(actor.id, { $set: { presence: status } });
      if (!user) throw errors.notFound('user');
      await events.publish('user.presence_changed', { userId: actor.id, status });
      return user;
    },

    async listUsers(actor: Actor, query: UserListQuery) {
      authorize(actor, 'workspace.manageUsers', null);
      const filter: Record<string, unknown> = {};
      if (query.role) filter.role = query.role;
      if (query.q) {
        const pattern = new RegExp(escapeRegExp(query.q), 'i');
        filter.$or = [{ name: pattern }, { email: pattern }];
      }
      return findPage<UserFields, SafeUser>({ model: UserModel, filter, sort: { createdAt: -1, _id: -1 } }, query);
    },

    async updateUser(actor: Actor, userId: string, changes: UserUpdateBody): Promise<SafeUser> {
      const target = await findUser(userId);
      if (!target) throw errors.notFound('user');
      authorize(actor, 'user.update', target);
      if (changes.role !== undefined && userId === actor.id && changes.role !== actor.role) {
        throw errors.conflict('you cannot change your own role');
      }
      const $set: Partial<UserFields> = {};
      if (changes.role !== undefined) $set.role = changes.role;
      if (changes.skills !== undefined) $set.skills = changes.skills;
      const isRoleChange = changes.role !== undefined && changes.role !== target.role;
      // Tokens carry no role, but sockets and clients decided on the old one: a new role needs new tokens.
      const user = await updateUser(userId, isRoleChange ? { $set, $inc: { authVersion: 1 } } : { $set });
      if (!user) throw errors.notFound('user');
      await events.publish('user.updated', { userId, fields: Object.keys($set) });
      // No longer staff: their open tickets go back to the pool, so no assignee rights remain.
      if (isRoleChange && user.role === 'user') await tickets.releaseOpenTicketsOf(userId, actor.id);
      return user;
    },

    /**
     * Creates the configured admin or promotes the existing account; running it
     * again changes nothing. The password is set only when the account is new.
     */
    async ensureAdmin(admin: { email: string; password: string; name: string }): Promise<'created' | 'promoted' | 'unchanged'> {
      const existing = await UserModel.findOne({ email: admin.email }).lean<SafeUser>();
      if (existing?.role === 'admin') return 'unchanged';
      if (existing) {
        await UserModel.updateOne({ _id: existing._id }, { $set: { role: 'admin' } });
        return 'promoted';
      }
      const passwordHash = await bcrypt.hash(admin.password, bcryptRounds);
      try {
        await UserModel.create({ name: admin.name, email: admin.email, passwordHash, role: 'admin' });
      } catch (err) {
        // Another process created it between our read and write.
        if ((err as { code?: number }).code === DUPLICATE_KEY) return this.ensureAdmin(admin);
        throw err;
      }
      return 'created';
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;

/** The actor a service acts for, from a loaded user. */
export function actorOf(user: { _id: unknown; role: UserFields['role']; name: string }): Actor {
  return { id: String(user._id), role: user.role, name: user.name };
}

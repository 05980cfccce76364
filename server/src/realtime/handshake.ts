import jwt from 'jsonwebtoken';
import type { ExtendedError } from 'socket.io';
import { isDomainError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { actorOf, type UserService } from '../users/service.js';
import type { RealtimeSocket } from './types.js';

/** What the handshake check needs. */
export interface HandshakeDeps {
  users: Pick<UserService, 'authenticate'>;
  logger: Logger;
}

/**
 * socket.io middleware that admits a connection only with a valid token in
 * `auth: { token }`, and fills `socket.data` (actor, stored presence choice, token
 * expiry). A refusal carries the shared error code in `err.data.code`.
 */
export function authenticateHandshake({ users, logger }: HandshakeDeps) {
  return async (socket: RealtimeSocket, next: (err?: ExtendedError) => void): Promise<void> => {
    try {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token.length === 0) {
        throw new ConnectRefusal('unauthenticated', 'a token is required: connect with auth: { token }');
      }
      const user = await users.authenticate(token);
      // Already verified by authenticate; decoded here only to learn when it runs out.
      const claims = jwt.decode(token) as { exp?: number; jti?: string } | null;
      socket.data.actor = actorOf(user);
      socket.data.chosen = user.presence;
      socket.data.tokenExpiresAt = typeof claims?.exp === 'number' ? claims.exp * 1000 : null;
      socket.data.tokenId = typeof claims?.jti === 'string' ? claims.jti : null;
      next();
    } catch (err) {
      next(toConnectError(err, logger));
    }
  };
}

/** A refused handshake, with the shared error code the client reads from `err.data.code`. */
class ConnectRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function toConnectError(err: unknown, logger: Logger): ExtendedError {
  let code = 'internal';
  let message = 'the server could not check your credentials; try again';
  if (err instanceof ConnectRefusal || isDomainError(err)) {
    code = err.code;
    message = err.message;
  } else {
    logger.error({ err }, 'socket handshake failed');
  }
  const refusal: ExtendedError = new Error(message);
  refusal.data = { code };
  return refusal;
}

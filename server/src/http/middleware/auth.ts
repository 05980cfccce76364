import type { NextFunction, Request, Response } from 'express';
import { errors } from '../../platform/errors.js';
import type { Actor } from '../../domain/actor.js';
import { actorOf, type AuthIdentity, type UserService } from '../../users/service.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      user?: AuthIdentity;
    }
  }
}

const BEARER = /^Bearer ([A-Za-z0-9\-_.]+)$/;

/** The bearer token the request carries, or null. */
export function bearerToken(req: Request): string | null {
  return BEARER.exec(req.get('authorization') ?? '')?.[1] ?? null;
}

/** Requires a valid bearer token and loads its user into `res.locals.user`. */
export function requireAuth(users: UserService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    if (!token) throw errors.unauthenticated('a bearer token is required');
    res.locals.user = await users.authenticate(token);
    next();
  };
}


/** The authenticated caller as a service actor. */
export function currentActor(res: Response): Actor {
  const user = res.locals.user;
  if (!user) throw errors.unauthenticated();
  return actorOf(user);
}

import {
  loginBodySchema,
  logoutBodySchema,
  passwordChangeBodySchema,
  preferencesUpdateBodySchema,
  presenceBodySchema,
  refreshBodySchema,
  signupBodySchema,
  type AuthResponse,
  type SessionResponse,
  type TokenPair,
} from '@relaydesk/shared';
import { Router, type RequestHandler } from 'express';
import type { AppContext } from '../../app/context.js';
import { abilitiesOn } from '../../domain/authorize.js';
import { errors } from '../../platform/errors.js';
import { presentUser } from '../../users/presenter.js';
import { actorOf, type SafeUser } from '../../users/service.js';
import { wantsTicketEmails } from '../../users/userModel.js';
import { bearerToken, currentActor, requireAuth } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

/** The signed-in person as they see themselves, with what they may do across the product. */
function presentSession(user: SafeUser): SessionResponse {
  const actor = actorOf(user);
  return {
    user: presentUser(user, actor),
    abilities: abilitiesOn(actor, 'workspace', null),
    preferences: { notifyByEmail: wantsTicketEmails(user) },
  };
}

export function authRoutes({ services }: AppContext, credentialLimit: RequestHandler): Router {
  const router = Router();
  const auth = requireAuth(services.users);

  router.post('/signup', credentialLimit, async (req, res) => {
    const body = parseRequest(signupBodySchema, req.body, 'body');
    const { user, token, refreshToken } = await services.users.signup(body);
    res.status(201).json({ token, refreshToken, ...presentSession(user) } satisfies AuthResponse);
  });

  router.post('/login', credentialLimit, async (req, res) => {
    const body = parseRequest(loginBodySchema, req.body, 'body');
    const { user, token, refreshToken } = await services.users.login(body.email, body.password);
    res.json({ token, refreshToken, ...presentSession(user) } satisfies AuthResponse);
  });

  // Behind the credential limit too: a refresh token is a credential worth guessing at.
  router.post('/refresh', credentialLimit, async (req, res) => {
    const { refreshToken } = parseRequest(refreshBodySchema, req.body, 'body');
    res.json((await services.users.refresh(refreshToken)) satisfies TokenPair);
  });

  // No valid access token needed: signing out must work after it has expired.
  router.post('/logout', async (req, res) => {
    const { refreshToken } = parseRequest(logoutBodySchema, req.body ?? {}, 'body');
    await services.users.logout({ accessToken: bearerToken(req) ?? undefined, refreshToken });
    res.status(204).end();
  });

  router.post('/logout-all', auth, async (_req, res) => {
    await services.users.logoutEverywhere(currentActor(res));
    res.status(204).end();
  });

  router.patch('/password', credentialLimit, auth, async (req, res) => {
    const body = parseRequest(passwordChangeBodySchema, req.body, 'body');
    res.json((await services.users.changePassword(currentActor(res), body)) satisfies TokenPair);
  });

  router.get('/me', auth, async (_req, res) => {
    // Read fresh: the cached identity carries no statistics.
    const user = await services.users.findUser(currentActor(res).id);
    if (!user) throw errors.unauthenticated('invalid or expired token');
    res.json(presentSession(user));
  });

  router.patch('/preferences', auth, async (req, res) => {
    const body = parseRequest(preferencesUpdateBodySchema, req.body, 'body');
    const user = await services.users.setPreferences(currentActor(res), body);
    res.json(presentSession(user));
  });

  router.patch('/status', auth, async (req, res) => {
    const { status } = parseRequest(presenceBodySchema, req.body, 'body');
    const user = await services.users.setPresence(currentActor(res), status);
    res.json(presentSession(user));
  });

  return router;
}

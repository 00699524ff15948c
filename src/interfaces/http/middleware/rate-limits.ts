import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { errorBody } from './http-errors';

const MINUTE = 60_000;
const TOO_MANY = 'Too many attempts. Try again later.';

/** The attempts worth limiting, per client address, per account, and per both. */
export type RateLimits = Readonly<{
  signIn: RequestHandler;
  signUp: RequestHandler;
  forgotPassword: RequestHandler;
  resetPassword: RequestHandler;
  changePassword: RequestHandler;
}>;

const bodyField = (request: Request, field: string): string => {
  const value = (request.body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
};

/** IPv6 clients are counted per /56 network, as each may hold many addresses. */
const addressOf = (request: Request): string => ipKeyGenerator(request.ip ?? '');

/** Runs the limiters one after the other; the first that refuses answers. */
const allOf =
  (...limiters: RequestHandler[]): RequestHandler =>
  (request, response, next) => {
    let index = 0;
    const step = (error?: unknown): void => {
      const limiter = limiters[index++];
      if (error !== undefined || !limiter) return next(error);
      void limiter(request, response, step);
    };
    step();
  };

/**
 * Counters live in Redis, so a limit holds across every api process. Password guessing is limited per address and
 * name, per address whatever the names (one address trying many accounts), and per account whatever the addresses
 * (many addresses trying one account), counting failures only for the last two; reset e-mails per address and per
 * account; a password change like a sign-in,
 * per user and per address.
 */
export const rateLimits = (redis: Redis, options: { signupsPerHour: number }): RateLimits => {
  /** `failuresOnly`: successful requests give their count back, so that those who get in are not held up. */
  const limiter = (name: string, limit: number, windowMs: number, key: (request: Request) => string, failuresOnly = false) =>
    rateLimit({
      windowMs,
      limit,
      skipSuccessfulRequests: failuresOnly,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: key,
      handler: (_request, response) => {
        response.status(429).json(errorBody(TOO_MANY, 429));
      },
      store: new RedisStore({
        prefix: `rate-limit:${name}:`,
        sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
      }),
    } satisfies Partial<Options>);
  const username = (request: Request) => bodyField(request, 'username');
  const email = (request: Request) => bodyField(request, 'email');
  const user = (request: Request) => request.actor?.userId ?? '';
  return {
    signIn: allOf(
      limiter('signin', 10, 5 * MINUTE, (request) => `${addressOf(request)}|${username(request)}`),
      limiter('signin-address', 50, 5 * MINUTE, addressOf, true),
      // Failures only: a user's own sign-ins never count against them, though failed guesses from anywhere do.
      limiter('signin-account', 20, 15 * MINUTE, username, true),
    ),
    signUp: limiter('signup', options.signupsPerHour, 60 * MINUTE, addressOf),
    forgotPassword: allOf(limiter('forgot-password-address', 10, 60 * MINUTE, addressOf), limiter('forgot-password-account', 3, 60 * MINUTE, email)),
    resetPassword: limiter('reset-password', 20, 15 * MINUTE, addressOf),
    changePassword: allOf(limiter('change-password', 10, 5 * MINUTE, user), limiter('change-password-address', 30, 5 * MINUTE, addressOf)),
  };
};

import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { errorBody } from './http-errors';

const MINUTE = 60_000;
const TOO_MANY = 'Too many attempts. Try again later.';

/** The attempts worth limiting, per client address and, where there is one, per account named in the body. */
export type RateLimits = Readonly<{ signIn: RequestHandler; signUp: RequestHandler; forgotPassword: RequestHandler; resetPassword: RequestHandler }>;

const bodyField = (request: Request, field: string): string => {
  const value = (request.body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
};

/**
 * Counters live in Redis, so a limit holds across every api process. Password guessing is limited per address and
 * username, reset e-mails per address and e-mail address, sign-ups and reset attempts per address.
 */
export const rateLimits = (redis: Redis, options: { signupsPerHour: number }): RateLimits => {
  const limiter = (name: string, limit: number, windowMs: number, key: (request: Request) => string = () => '') => {
    const options: Partial<Options> = {
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // IPv6 clients are counted per /56 network, as each may hold many addresses.
      keyGenerator: (request) => `${ipKeyGenerator(request.ip ?? '')}|${key(request)}`,
      handler: (_request, response) => {
        response.status(429).json(errorBody(TOO_MANY, 429));
      },
      store: new RedisStore({
        prefix: `rate-limit:${name}:`,
        sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
      }),
    };
    return rateLimit(options);
  };
  return {
    signIn: limiter('signin', 10, 5 * MINUTE, (request) => bodyField(request, 'username')),
    signUp: limiter('signup', options.signupsPerHour, 60 * MINUTE),
    forgotPassword: limiter('forgot-password', 5, 60 * MINUTE, (request) => bodyField(request, 'email')),
    resetPassword: limiter('reset-password', 20, 15 * MINUTE),
  };
};

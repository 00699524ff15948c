import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnauthorizedError, ValidationError } from '@domain/shared';
import { ConcurrencyError } from '@application/shared/errors';
import { UnsupportedMediaTypeError } from './json-body';

/** The contract's error body. */
export const errorBody = (message: string, statusCode: number) => ({ message, status: 'error', statusCode });

const statusOf = (error: unknown): number => {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConcurrencyError) return 409;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof UnsupportedMediaTypeError) return 415;
  if (error instanceof DomainError) return 400;
  if (isBodyParserError(error) || isMalformedUrl(error)) return error.status;
  return 500;
};

const clientStatusOf = (error: unknown): number | undefined => {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
};

/** An error of the JSON parser: a 4xx with a `type` ('entity.too.large', 'entity.parse.failed', …). */
const isBodyParserError = (error: unknown): error is { status: number; type: string; message: string } =>
  clientStatusOf(error) !== undefined && typeof (error as { type?: unknown }).type === 'string';

/** The router could not decode a path parameter (a broken percent-escape such as `%ZZ`): the caller's mistake. */
const isMalformedUrl = (error: unknown): error is URIError & { status: number } => error instanceof URIError && clientStatusOf(error) === 400;

const messageOf = (error: unknown, status: number): string => {
  if (status === 500) return 'Something went wrong. Try again.';
  if (error instanceof ConcurrencyError) return 'The data changed while your request was handled. Try again.';
  if (isMalformedUrl(error)) return 'The URL is not valid: it holds a broken percent-escape.';
  if (error instanceof DomainError) return error.message;
  if (isBodyParserError(error)) return error.type === 'entity.too.large' ? 'Request body is too large.' : 'Request body is not valid JSON.';
  return (error as Error).message;
};

/** One place maps errors to statuses; unknown errors are logged once and answered 500 without details. */
export const errorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error, request, response, _next) => {
    const status = statusOf(error);
    // The route's pattern, not the URL: a URL can carry a secret (a reset token).
    if (status === 500) logger.error({ err: error, method: request.method, route: `${request.baseUrl}${request.route?.path ?? ''}` }, 'request failed');
    response.status(status).json(errorBody(messageOf(error, status), status));
  };

export const notFoundHandler: RequestHandler = (request, response) => {
  response.status(404).json(errorBody(`${request.originalUrl} not found`, 404));
};

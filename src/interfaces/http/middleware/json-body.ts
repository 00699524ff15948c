import express, { type RequestHandler } from 'express';
import { ValidationError } from '@domain/shared';

/** Deeper than any body of the contract (the deepest is two levels): parsing such nesting only costs time. */
const MAX_DEPTH = 8;

export class UnsupportedMediaTypeError extends Error {
  constructor() {
    super('Content-Type must be application/json.');
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** Depth of the JSON text, counted before it is parsed (brackets inside strings do not count). */
const depthOf = (text: Buffer): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return deepest;
};

const tooDeep = (): Error => Object.assign(new ValidationError(`Request body is nested deeper than ${MAX_DEPTH} levels.`), { status: 400 });

/**
 * Parses a JSON body, only on the routes that take one: elsewhere a body costs nothing. A body of another type is
 * refused (415) rather than ignored, and one nested deeper than any request of the contract is refused unparsed.
 */
export const jsonBody = (limit = '100kb'): RequestHandler => {
  const parse = express.json({
    limit,
    verify: (_request, _response, raw) => {
      if (depthOf(raw) > MAX_DEPTH) throw tooDeep();
    },
  });
  return (request, response, next) => {
    const hasBody = Number(request.get('content-length') ?? 0) > 0 || request.get('transfer-encoding') !== undefined;
    if (hasBody && !request.is('application/json')) return next(new UnsupportedMediaTypeError());
    parse(request, response, next);
  };
};

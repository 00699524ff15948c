import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * A name no other call returns, in this process or another: safe as a MongoDB database name
 * (letters, digits, underscores, short) and as a Redis key prefix.
 */
export const uniqueName = (prefix: string): string => {
  counter += 1;
  return [prefix, process.pid.toString(36), counter.toString(36), randomBytes(4).toString('hex')].join('_');
};

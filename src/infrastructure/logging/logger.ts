import pino, { type Logger } from 'pino';

export const createLogger = (level: string, name = 'chatty-es'): Logger =>
  pino({ name, level, redact: ['password', '*.password', 'passwordHash', '*.passwordHash'] });

export type { Logger };

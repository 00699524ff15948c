import pino, { type Logger } from 'pino';

export type LogLine = Readonly<{ level: number; msg: string } & Record<string, unknown>>;

/** A real pino logger whose lines the test can read. */
export const capturingLogger = (): { logger: Logger; lines: LogLine[] } => {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
};

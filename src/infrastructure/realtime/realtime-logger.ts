/** The part of a pino logger this module uses, so any pino instance (or a test double) fits. */
export type RealtimeLogger = Readonly<{
  warn: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
}>;

import type { ConsumerLogger } from './subscription';

/** One pass of each consumer, one after the other; a consumer that fails is logged and does not stop the others. */
export const runEach = async (consumers: ReadonlyArray<{ name: string; runOnce(): Promise<number> }>, logger: ConsumerLogger): Promise<number> => {
  let handled = 0;
  for (const consumer of consumers) {
    try {
      handled += await consumer.runOnce();
    } catch (error) {
      logger.error({ err: error, consumer: consumer.name }, 'consumer pass failed');
    }
  }
  return handled;
};

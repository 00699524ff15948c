import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import type { Config } from '../config/config';
import { connectBullMq } from '../jobs/bullmq-connection';

/** One connection per role: commands and queries, pub/sub subscriptions, and BullMQ (which needs its own settings). */
export type Connections = Readonly<{
  mongo: MongoClient;
  db: Db;
  redis: Redis;
  /** Wake-ups of the sequencer and consumers (log-signals.ts). */
  subscriber: Redis;
  /** The Socket.IO Redis adapter's own subscriber: a subscribed connection can do nothing else. */
  adapterSubscriber: Redis;
  /** BullMQ's queues and each worker open their own connection through this. */
  bullMq: () => Redis;
  close(): Promise<void>;
}>;

export const openConnections = async (config: Config & { mongoUrl: string; redisUrl: string }): Promise<Connections> => {
  const mongo = await MongoClient.connect(config.mongoUrl);
  const redis = new Redis(config.redisUrl);
  const subscriber = new Redis(config.redisUrl);
  const adapterSubscriber = new Redis(config.redisUrl);
  return {
    mongo,
    db: mongo.db(config.mongoDb),
    redis,
    subscriber,
    adapterSubscriber,
    bullMq: () => connectBullMq(config.redisUrl),
    close: async () => {
      subscriber.disconnect();
      adapterSubscriber.disconnect();
      await redis.quit();
      await mongo.close();
    },
  };
};

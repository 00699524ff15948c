import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';

/** A fresh database on the test server (FerretDB started by the global setup, or MONGO_URL). */
export const openTestDatabase = async (prefix: string): Promise<{ client: MongoClient; db: Db; close: () => Promise<void> }> => {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('MONGO_URL is not set: run the tests through jest so that the global setup starts FerretDB');
  const client = await MongoClient.connect(url);
  const db = client.db(`${prefix}_${randomUUID().slice(0, 8)}`);
  return {
    client,
    db,
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
};

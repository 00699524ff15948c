import { MongoClient, type Db } from 'mongodb';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { Sequencer } from '@infrastructure/event-store/sequencer';
import { appendOptions, increment, testCatalog } from '@infrastructure/event-store/testing/test-events';
import { openTestDatabase } from '@test/support/mongo';
import { KnownLogHead } from './known-log-head';

describe('the log head as a process knows it', () => {
  let db: Db;
  let close: () => Promise<void>;
  let store: MongoEventStore;
  let sequencer: Sequencer;
  let head: KnownLogHead;

  const write = async (count: number) => {
    for (let n = 0; n < count; n++) await store.appendToStream('counter-w', [increment(1)], appendOptions());
    await store.settled();
    while ((await sequencer.tick()) > 0);
  };

  beforeEach(async () => {
    ({ db, close } = await openTestDatabase('head'));
    store = new MongoEventStore(db, testCatalog);
    sequencer = new Sequencer(db, { unconfirmedGraceMs: 1_000, maxEventsPerDoc: 20 });
    head = new KnownLogHead(new MongoEventLog(db, testCatalog));
  });
  afterEach(() => close());

  it('reads the log once, then trusts what the wake-up messages say until it is told it may have missed one', async () => {
    await write(3);
    expect(await head.position()).toBe(3);

    await write(2);
    expect(await head.position()).toBe(3); // no message said so: not read again
    head.observe(4);
    expect(await head.position()).toBe(4);

    head.invalidate();
    expect(await head.position()).toBe(5);
    await write(1);
    head.observe(null); // a message that carries no position
    expect(await head.position()).toBe(6);
  });

  it('reads the log once for all the callers that ask while it reads, and not while it is fresh', async () => {
    const client = await MongoClient.connect(process.env.MONGO_URL!, { monitorCommands: true });
    try {
      let finds = 0;
      client.on('commandStarted', (command) => (finds += command.commandName === 'find' ? 1 : 0));
      const watched = new KnownLogHead(new MongoEventLog(client.db(db.databaseName), testCatalog));
      await write(2);
      expect(await watched.position()).toBe(2);
      const oneRead = finds;

      watched.invalidate();
      expect(await Promise.all([watched.position(), watched.position(), watched.position()])).toEqual([2, 2, 2]);
      expect(finds).toBe(2 * oneRead);
      expect(await watched.position()).toBe(2);
      expect(finds).toBe(2 * oneRead);
    } finally {
      await client.close();
    }
  });
});

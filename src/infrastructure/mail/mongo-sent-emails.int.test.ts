import type { Db } from 'mongodb';
import { openTestDatabase } from '@test/support/mongo';
import { MongoSentEmails } from './mongo-sent-emails';

describe('MongoSentEmails', () => {
  let db: Db;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ db, close } = await openTestDatabase('sent_emails'));
  });
  afterEach(async () => {
    await close();
  });

  it('lets only the first claim of a job win', async () => {
    const sentEmails = new MongoSentEmails(db);
    expect(await sentEmails.claim('user-followed:1')).toBe(true);
    expect(await sentEmails.claim('user-followed:1')).toBe(false);
    expect(await sentEmails.claim('user-followed:2')).toBe(true);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => new MongoSentEmails(db).claim('race')));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('allows a new claim after a release', async () => {
    const sentEmails = new MongoSentEmails(db);
    expect(await sentEmails.claim('job')).toBe(true);
    await sentEmails.release('job');
    expect(await sentEmails.claim('job')).toBe(true);
  });
});

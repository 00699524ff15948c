import type { Db } from 'mongodb';
import type { Clock } from '@application/shared/clock';
import type { EmailClaim } from '@application/shared/email';
import { openTestDatabase } from '@test/support/mongo';
import { MongoSentEmails } from './mongo-sent-emails';

const takeoverAfterMs = 60_000;
const claimOf = (messageId: string, attempt = 1) => ({ messageId, attempt });

/** A clock the test moves by hand, shared by every store of one test (as the processes of one system share time). */
const manualClock = (): Clock & { advance(ms: number): void } => {
  let now = Date.parse('2024-05-06T07:08:09.000Z');
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
};

const holderOf = (claim: EmailClaim): string => {
  if (claim.status !== 'claimed') throw new Error(`expected a claim, got ${JSON.stringify(claim)}`);
  return claim.holder;
};

describe('MongoSentEmails', () => {
  let db: Db;
  let close: () => Promise<void>;
  let clock: ReturnType<typeof manualClock>;
  const store = () => new MongoSentEmails(db, clock, { takeoverAfterMs });
  const firstClaimOf = (jobId: string) => db.collection('sent_emails').findOne({ _id: jobId as never });
  const reclaims = () => db.collection('sent_email_reclaims').find().toArray();

  beforeEach(async () => {
    ({ db, close } = await openTestDatabase('sent_emails'));
    clock = manualClock();
  });
  afterEach(async () => {
    await close();
  });

  it('lets the first claim of a job win, records it as sending, then as sent', async () => {
    const sentEmails = store();
    const claim = await sentEmails.claim('user-followed:1', claimOf('<a@chatty.test>', 2));
    expect(claim).toEqual({ status: 'claimed', holder: 'user-followed:1', messageId: '<a@chatty.test>' });
    expect(await firstClaimOf('user-followed:1')).toEqual({
      _id: 'user-followed:1',
      status: 'sending',
      attempt: 2,
      claimedAt: clock.now(),
      messageId: '<a@chatty.test>',
    });
    expect(await sentEmails.claim('user-followed:1', claimOf('<a@chatty.test>'))).toEqual({ status: 'busy', retryInMs: takeoverAfterMs });
    expect(await sentEmails.claim('user-followed:2', claimOf('<b@chatty.test>'))).toMatchObject({ status: 'claimed' });

    clock.advance(1_000);
    await sentEmails.markSent('user-followed:1', holderOf(claim));
    expect(await firstClaimOf('user-followed:1')).toMatchObject({ status: 'sent', messageId: '<a@chatty.test>', sentAt: clock.now() });
    expect(await sentEmails.claim('user-followed:1', claimOf('<a@chatty.test>'))).toEqual({ status: 'sent' });
    clock.advance(10 * takeoverAfterMs);
    expect(await sentEmails.claim('user-followed:1', claimOf('<a@chatty.test>'))).toEqual({ status: 'sent' });
    expect(await reclaims()).toEqual([]);
  });

  it('lets exactly one of many concurrent first claims win', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => store().claim('race', claimOf('<r@chatty.test>'))));
    expect(claims.filter((claim) => claim.status === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.status === 'busy')).toHaveLength(9);
  });

  it('lets a claim left sending be taken over only after the takeover time, with its Message-ID', async () => {
    const dead = await store().claim('job', claimOf('<first@chatty.test>', 1));
    clock.advance(takeoverAfterMs - 1);
    expect(await store().claim('job', claimOf('<second@chatty.test>', 1))).toEqual({ status: 'busy', retryInMs: 1 });

    clock.advance(1);
    const next = await store().claim('job', claimOf('<second@chatty.test>', 1));
    expect(next).toEqual({ status: 'claimed', holder: expect.any(String), messageId: '<first@chatty.test>' });
    expect(holderOf(next)).not.toBe(holderOf(dead));
    expect(await reclaims()).toEqual([
      { _id: holderOf(next), status: 'sending', attempt: 1, claimedAt: clock.now(), messageId: '<first@chatty.test>', takeover: true },
    ]);
    expect(await store().claim('job', claimOf('<first@chatty.test>'))).toEqual({ status: 'busy', retryInMs: takeoverAfterMs });
    await store().markSent('job', holderOf(next));
    expect(await store().claim('job', claimOf('<first@chatty.test>'))).toEqual({ status: 'sent' });
  });

  it('takes over a claim whose taker died too', async () => {
    await store().claim('job', claimOf('<first@chatty.test>', 1));
    clock.advance(takeoverAfterMs);
    const taker = await store().claim('job', claimOf('<first@chatty.test>', 1));
    clock.advance(takeoverAfterMs - 1);
    expect(await store().claim('job', claimOf('<first@chatty.test>', 1))).toEqual({ status: 'busy', retryInMs: 1 });
    clock.advance(1);
    const third = await store().claim('job', claimOf('<first@chatty.test>', 1));
    expect(third).toMatchObject({ status: 'claimed', messageId: '<first@chatty.test>' });
    expect(new Set([holderOf(taker), holderOf(third)]).size).toBe(2);
  });

  it('keeps a late release by a run presumed dead from freeing the claim that replaced its own', async () => {
    const slow = await store().claim('job', claimOf('<m@chatty.test>'));
    clock.advance(takeoverAfterMs);
    const taker = await store().claim('job', claimOf('<m@chatty.test>'));
    await store().release('job', holderOf(slow));
    expect(await store().claim('job', claimOf('<m@chatty.test>'))).toEqual({ status: 'busy', retryInMs: takeoverAfterMs });
    await store().markSent('job', holderOf(taker));
    expect(await store().claim('job', claimOf('<m@chatty.test>'))).toEqual({ status: 'sent' });
  });

  it('counts the e-mail sent when a run presumed dead marks its claim sent after all', async () => {
    const slow = await store().claim('job', claimOf('<m@chatty.test>'));
    clock.advance(takeoverAfterMs);
    expect(await store().claim('job', claimOf('<m@chatty.test>'))).toMatchObject({ status: 'claimed' });
    await store().markSent('job', holderOf(slow));
    expect(await store().claim('job', claimOf('<m@chatty.test>'))).toEqual({ status: 'sent' });
  });

  it('lets exactly one of many concurrent takers take a claim over', async () => {
    await store().claim('job', claimOf('<m@chatty.test>'));
    clock.advance(takeoverAfterMs);
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store().claim('job', claimOf('<m@chatty.test>', i + 2))));
    const winners = claims.filter((claim) => claim.status === 'claimed');
    expect(winners).toHaveLength(1);
    expect(claims.filter((claim) => claim.status === 'busy')).toHaveLength(9);
    expect(await reclaims()).toEqual([expect.objectContaining({ _id: holderOf(winners[0]!), takeover: true })]);
  });

  it('allows a new claim, with the same Message-ID, after the holder gave it back', async () => {
    const sentEmails = store();
    const first = await sentEmails.claim('job', claimOf('<m@chatty.test>'));
    await sentEmails.release('job', holderOf(first));
    expect(await firstClaimOf('job')).toMatchObject({ status: 'released' });
    const second = await sentEmails.claim('job', claimOf('<other@chatty.test>', 2));
    expect(second).toMatchObject({ status: 'claimed', messageId: '<m@chatty.test>' });
    expect(await reclaims()).toEqual([{ _id: holderOf(second), status: 'sending', attempt: 2, claimedAt: clock.now(), messageId: '<m@chatty.test>' }]);
  });

  it('counts a claim written before claims had a status as sent', async () => {
    await db.collection('sent_emails').insertOne({ _id: 'old' as never, claimedAt: clock.now() });
    clock.advance(10 * takeoverAfterMs);
    expect(await store().claim('old', claimOf('<o@chatty.test>'))).toEqual({ status: 'sent' });
  });
});

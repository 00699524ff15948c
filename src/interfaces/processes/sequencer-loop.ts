import type { Db } from 'mongodb';
import type { Sequencer } from '@infrastructure/event-store/sequencer';
import { INBOX } from '@infrastructure/event-store/storage-layout';
import type { Leases } from '@infrastructure/redis/leases';
import type { PassReason } from '@infrastructure/runtime/wake-up-loop';
import { SEQUENCER_FALLBACK_MS, SEQUENCER_RECHECK_MS } from '@infrastructure/runtime/wake-up-timing';

const SEQUENCER_LEASE = { key: 'es:sequencer:lease', fenceKey: 'es:sequencer:fence' };

/**
 * The sequencer's part of the worker loop: a pass by the lease holder only. Writers signal the commits they confirm;
 * it looks anyway every SEQUENCER_FALLBACK_MS, for commits nobody announced, and while its inbox holds commits it could
 * not take yet (a writer that died, a confirmation that failed) every SEQUENCER_RECHECK_MS, until their grace period
 * is over and it takes them.
 */
export const sequencerLoop = (
  sequencer: Sequencer,
  leases: Leases,
  db: Db,
  timing = { fallbackMs: SEQUENCER_FALLBACK_MS, recheckMs: SEQUENCER_RECHECK_MS },
) => {
  let holding = false;
  let inboxWaiting = false;
  const hold = async () => {
    const wasHolding = holding;
    holding = (await leases.hold(SEQUENCER_LEASE)) !== null;
    return holding && !wasHolding;
  };
  const inboxHoldsCommits = async () => (await db.collection(INBOX).findOne({}, { projection: { _id: 1 } })) !== null;
  return {
    pass: async (reason: PassReason) => {
      await hold();
      inboxWaiting = false;
      // A look without a signal mostly finds an empty inbox: one lookup tells, cheaper than a tick.
      if (!holding || (reason === 'timeout' && !(await inboxHoldsCommits()))) return 0;
      const sequenced = await sequencer.tick();
      inboxWaiting = sequenced === 0 && (await inboxHoldsCommits());
      return sequenced;
    },
    whileIdle: hold,
    recheckAfterMs: () => (inboxWaiting ? timing.recheckMs : timing.fallbackMs),
    afterError: () => sequencer.reset(),
  };
};

import type { Db } from 'mongodb';
import type { Policy } from '@application/shared/policy';
import { MongoCheckpoints } from '../subscriptions/mongo-checkpoints';
import { Subscription, type SubscriptionDependencies, type SubscriptionSettings } from '../subscriptions/subscription';

/**
 * A policy as a log consumer. Its checkpoint lives in MongoDB (losing Redis neither repeats nor stops side effects);
 * a policy seen for the first time starts at the head of the log, so deploying one never acts on old events. It
 * commits after each event it acted on: what it does is keyed by the event (job ids, command ids), so the one event
 * a crash may repeat does nothing twice.
 */
export const policySubscription = (deps: SubscriptionDependencies & Readonly<{ db: Db }>, policy: Policy, settings: SubscriptionSettings) =>
  new Subscription<true>(
    deps,
    {
      name: policy.name,
      kind: 'policy',
      failureLabel: 'policy',
      lease: { key: `policy:{${policy.name}}:lease`, fenceKey: `policy:{${policy.name}}:fence` },
      checkpoints: new MongoCheckpoints(deps.db, policy.name),
      startAt: 'head',
      commitEachEffect: true,
      appliesReplays: true,
      handle: async (event) => {
        const handler = policy.handlers[event.type];
        if (!handler) return null;
        await handler(event);
        return true;
      },
    },
    settings,
  );

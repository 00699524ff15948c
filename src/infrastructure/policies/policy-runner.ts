import type { Db } from 'mongodb';
import type { EventLog, RecordedEvent } from '@application/shared/event-store';
import type { Policy } from '@application/shared/policy';
import type { Leases } from '../redis/leases';

type PolicyCheckpoint = { _id: string; position: number; updatedAt: Date };
type PolicyDeadLetter = { _id: string; policy: string; position: number; eventId: string; eventType: string; error: string; attempts: number; failedAt: Date };

export type PolicyRunnerOptions = Readonly<{
  batchSize: number;
  maxAttempts: number;
  onError: (error: unknown, context: { policy: string; position: number }) => void;
}>;

/**
 * Runs policies over the global log. Their checkpoints live in MongoDB, not Redis: if Redis loses everything, the
 * policies neither repeat past side effects nor stop. A policy seen for the first time starts at the head of the log,
 * so deploying one never acts on old events. One runner per policy across processes (a Redis lease).
 */
export class PolicyRunner {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly dependencies: Readonly<{ db: Db; log: EventLog; leases: Leases }>,
    private readonly policies: readonly Policy[],
    private readonly options: PolicyRunnerOptions,
  ) {}

  async runOnce(): Promise<number> {
    let handled = 0;
    for (const policy of this.policies) handled += await this.runPolicy(policy);
    return handled;
  }

  private async runPolicy(policy: Policy): Promise<number> {
    const lease = await this.dependencies.leases.hold({ key: `policy:{${policy.name}}:lease`, fenceKey: `policy:{${policy.name}}:fence` });
    if (!lease) return 0;
    const checkpoint = await this.checkpoint(policy);
    const events = await this.dependencies.log.readAfter(checkpoint, this.options.batchSize);
    let position = checkpoint;
    for (const event of events) {
      if (!(await this.handle(policy, event))) break;
      position = event.metadata.globalPosition;
    }
    if (position > checkpoint) await this.save(policy, position);
    return position - checkpoint;
  }

  /** True when the event is done with (handled, or dead-lettered after too many attempts). */
  private async handle(policy: Policy, event: RecordedEvent): Promise<boolean> {
    const handler = policy.handlers[event.type];
    if (!handler) return true;
    try {
      await handler(event);
      return true;
    } catch (error) {
      const id = `${policy.name}:${event.metadata.globalPosition}`;
      const attempts = (this.failures.get(id) ?? 0) + 1;
      this.failures.set(id, attempts);
      this.options.onError(error, { policy: policy.name, position: event.metadata.globalPosition });
      if (attempts < this.options.maxAttempts) return false;
      await this.deadLetters().replaceOne({ _id: id }, {
        policy: policy.name,
        position: event.metadata.globalPosition,
        eventId: event.metadata.eventId,
        eventType: event.type,
        error: error instanceof Error ? error.message : String(error),
        attempts,
        failedAt: new Date(),
      }, { upsert: true });
      return true;
    }
  }

  private async checkpoint(policy: Policy): Promise<number> {
    const saved = await this.checkpoints().findOne({ _id: policy.name });
    if (saved) return saved.position;
    const head = await this.dependencies.log.headPosition();
    await this.save(policy, head);
    return head;
  }

  private async save(policy: Policy, position: number): Promise<void> {
    await this.checkpoints().updateOne({ _id: policy.name }, { $set: { position, updatedAt: new Date() } }, { upsert: true });
  }

  private checkpoints() {
    return this.dependencies.db.collection<PolicyCheckpoint>('policy_checkpoints');
  }

  private deadLetters() {
    return this.dependencies.db.collection<PolicyDeadLetter>('policy_dead_letters');
  }
}

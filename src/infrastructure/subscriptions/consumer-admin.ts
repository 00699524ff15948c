import type { EventLog } from '@application/shared/event-store';
import type { Projection } from '@application/shared/projection';
import {
  NotRebuildableError,
  UnknownConsumerError,
  UnknownDeadLetterError,
  type ConsumerKind,
  type ConsumerReport,
  type DeadLetter,
  type LogConsumers,
  type ProjectionReport,
} from '@application/shared/log-consumers';
import type { GenerationRegistry } from '../projections/generation-registry';
import type { DeadLetters } from './dead-letters';
import type { Subscription } from './subscription';

export type ConsumerAdminDependencies = Readonly<{
  log: EventLog;
  registry: GenerationRegistry;
  deadLetters: DeadLetters;
  /** Wakes the consumer loops of every worker, which otherwise wait for new events: a rebuild or replay has no event. */
  nudge?: () => void;
}>;

/** The consumers of the log: projections by their definitions (they run per generation), the others as subscriptions. */
export type ConsumerList = Readonly<{ projections: readonly Projection[]; subscriptions: ReadonlyArray<Subscription<unknown>> }>;

/**
 * What operators see and do, for every consumer of the log: kind, checkpoint, lag and dead letters; rebuilds of
 * projections into a new generation; dead letters listed, replayed or discarded.
 */
export class ConsumerAdmin implements LogConsumers {
  constructor(
    private readonly deps: ConsumerAdminDependencies,
    private readonly consumers: ConsumerList,
  ) {}

  /** Every consumer: the projections first, then the policies and realtime projections. */
  async status(): Promise<Array<ConsumerReport | ProjectionReport>> {
    const headPosition = await this.deps.log.headPosition();
    const others = await Promise.all(this.consumers.subscriptions.map((subscription) => this.subscriptionReport(subscription, headPosition)));
    return [...(await this.projectionStatus(headPosition)), ...others];
  }

  /** The projections, with their generations. */
  async projectionStatus(headPosition?: number): Promise<ProjectionReport[]> {
    const head = headPosition ?? (await this.deps.log.headPosition());
    return Promise.all(this.consumers.projections.map((projection) => this.projectionReport(projection, head)));
  }

  /** Starts building a new generation from position 1; the current one keeps serving until the new one has caught up. */
  async rebuild(name: string): Promise<number> {
    const projection = this.consumers.projections.find((p) => p.name === name);
    if (projection) {
      const generation = await this.deps.registry.startGeneration(name, projection.version);
      this.deps.nudge?.();
      return generation;
    }
    this.consumerKind(name);
    throw new NotRebuildableError(name);
  }

  async listDeadLetters(name: string): Promise<DeadLetter[]> {
    this.consumerKind(name);
    return this.deps.deadLetters.list(name);
  }

  /** Asks the consumer to handle the event again; the dead letter goes once it succeeds. */
  async replayDeadLetter(name: string, position: number): Promise<void> {
    const letters = await this.listDeadLetters(name);
    if (!letters.some((letter) => letter.position === position)) throw new UnknownDeadLetterError(name, position);
    await this.deps.deadLetters.requestReplay(name, position);
    this.deps.nudge?.();
  }

  /** Gives up on the event for good. */
  async discardDeadLetter(name: string, position: number): Promise<void> {
    this.consumerKind(name);
    if (!(await this.deps.deadLetters.remove(name, position))) throw new UnknownDeadLetterError(name, position);
  }

  private async projectionReport(projection: Projection, headPosition: number): Promise<ProjectionReport> {
    const { registry, deadLetters } = this.deps;
    const [activeGeneration, all, letters] = await Promise.all([
      registry.active(projection.name),
      registry.list(projection.name),
      deadLetters.count(projection.name),
    ]);
    const generations = await Promise.all(
      all.map(async (g) => {
        const checkpoint = await registry.checkpoint(projection.name, g.generation);
        return { generation: g.generation, version: g.version, status: g.status, checkpoint, lag: Math.max(0, headPosition - checkpoint) };
      }),
    );
    const active = generations.find((g) => g.generation === activeGeneration);
    return {
      name: projection.name,
      kind: 'projection',
      codeVersion: projection.version,
      checkpoint: active?.checkpoint ?? null,
      headPosition,
      lag: active ? active.lag : headPosition,
      deadLetters: letters,
      activeGeneration,
      generations,
    };
  }

  private async subscriptionReport(subscription: Subscription<unknown>, headPosition: number): Promise<ConsumerReport> {
    const { name, kind, checkpoints } = subscription.config;
    const [checkpoint, letters] = await Promise.all([checkpoints.read(), this.deps.deadLetters.count(name)]);
    return { name, kind, checkpoint, headPosition, lag: checkpoint === null ? 0 : Math.max(0, headPosition - checkpoint), deadLetters: letters };
  }

  private consumerKind(name: string): ConsumerKind {
    if (this.consumers.projections.some((p) => p.name === name)) return 'projection';
    const subscription = this.consumers.subscriptions.find((s) => s.name === name);
    if (!subscription) throw new UnknownConsumerError(name);
    return subscription.config.kind;
  }
}

import type { Redis } from 'ioredis';
import type { Projection, ReadModelWrite } from '@application/shared/projection';
import { Subscription, type SubscriptionDependencies, type SubscriptionSettings } from '../subscriptions/subscription';
import type { Generation, GenerationRegistry } from './generation-registry';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { projectionKeys } from './projection-keys';

export type ProjectionRunnerOptions = SubscriptionSettings &
  Readonly<{
    /** How long a retired generation stays readable (a rollback is a pointer flip) before its keys are deleted. */
    retiredGraceMs: number;
  }>;

type Dependencies = SubscriptionDependencies & Readonly<{ redis: Redis; registry: GenerationRegistry }>;

/** A projection generation as a log consumer: handlers return writes, and the writes commit with the checkpoint. */
export const projectionSubscription = (deps: Dependencies, projection: Projection, generation: Generation, settings: SubscriptionSettings) =>
  new Subscription<ReadModelWrite[]>(
    deps,
    {
      name: projection.name,
      kind: 'projection',
      failureLabel: 'projection',
      lease: projectionKeys(projection.name).lease(generation.generation),
      checkpoints: new ProjectionCheckpoints(deps.redis, projection.name, generation.generation),
      startAt: 'beginning',
      commitEachEffect: false,
      appliesReplays: generation.status === 'live',
      handle: async (event) => projection.handlers[event.type]?.(event) ?? null,
      details: { generation: generation.generation },
    },
    settings,
  );

/**
 * Keeps each projection's generations up to date from the global log. For every generation this process may work on
 * (its version is not newer than this code's), it runs the generation's subscription, switches a building generation
 * in once it has caught up, and deletes retired ones after a grace period.
 */
export class ProjectionRunner {
  /** One per generation, keeping the count of an event's failed attempts from pass to pass. */
  private readonly subscriptions = new Map<string, Subscription<ReadModelWrite[]>>();

  constructor(
    private readonly deps: Dependencies,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions,
  ) {}

  /** Whether an event of some generation failed and waits to be tried again. */
  get awaitingRetry(): boolean {
    return [...this.subscriptions.values()].some((subscription) => subscription.awaitingRetry);
  }

  /** One pass over every projection; returns how many events were applied. */
  async runOnce(): Promise<number> {
    let applied = 0;
    for (const projection of this.projections) applied += await this.runProjection(projection);
    return applied;
  }

  /**
   * While the projections are idle: keeps the leases of the generations this process runs, and tries to take those
   * another process held. True when it took one (a pass is due).
   */
  async holdLeases(): Promise<boolean> {
    const holds = await Promise.all([...this.subscriptions.values()].map((subscription) => subscription.holdLease()));
    return holds.includes('taken');
  }

  private async runProjection(projection: Projection): Promise<number> {
    const { registry } = this.deps;
    await registry.ensureLive(projection.name, projection.version);
    let generations = await registry.list(projection.name);
    const outdated = generations.every((g) => g.status === 'retired' || g.version < projection.version);
    if (outdated) {
      await registry.startGeneration(projection.name, projection.version);
      generations = await registry.list(projection.name);
    }
    let applied = 0;
    for (const generation of generations) {
      if (generation.version > projection.version) continue; // built by newer code: not ours to touch
      try {
        applied += await this.runGeneration(projection, generation);
      } catch (error) {
        this.deps.logger.error({ err: error, consumer: projection.name, generation: generation.generation }, 'projection pass failed');
      }
    }
    return applied;
  }

  private async runGeneration(projection: Projection, generation: Generation): Promise<number> {
    const { registry } = this.deps;
    if (generation.status === 'retired') {
      this.subscriptions.delete(`${projection.name}/${generation.generation}`);
      const retiredFor = Date.now() - Date.parse(generation.retiredAt ?? generation.createdAt);
      if (retiredFor >= this.options.retiredGraceMs) await registry.purge(projection.name, generation.generation);
      return 0;
    }
    const applied = await this.subscriptionOf(projection, generation).runOnce();
    if ((generation.status === 'building' || generation.recovering) && applied === 0) {
      const caughtUp = (await registry.checkpoint(projection.name, generation.generation)) >= (await this.deps.log.headPosition());
      if (caughtUp && generation.status === 'building') await registry.activate(projection.name, generation.generation);
      if (caughtUp && generation.recovering) await registry.markRecovered(projection.name, generation.generation);
    }
    return applied;
  }

  /** A generation's subscription lives as long as its status: only the live generation applies replay requests. */
  private subscriptionOf(projection: Projection, generation: Generation): Subscription<ReadModelWrite[]> {
    const key = `${projection.name}/${generation.generation}`;
    const existing = this.subscriptions.get(key);
    if (existing && existing.config.appliesReplays === (generation.status === 'live')) return existing;
    const created = projectionSubscription(this.deps, projection, generation, this.options);
    this.subscriptions.set(key, created);
    return created;
  }
}

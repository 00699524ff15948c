import type { EventLog } from '@application/shared/event-store';
import type { Projection } from '@application/shared/projection';
import type { DeadLetter, DeadLetters } from './dead-letters';
import type { GenerationRegistry, GenerationStatus } from './generation-registry';

export type GenerationReport = Readonly<{ generation: number; version: number; status: GenerationStatus; checkpoint: number; lag: number }>;

export type ProjectionReport = Readonly<{
  name: string;
  codeVersion: number;
  activeGeneration: number | null;
  headPosition: number;
  /** Lag of the generation that queries read. */
  lag: number;
  generations: GenerationReport[];
  deadLetters: number;
}>;

/** What operators see and do: status and lag per projection, rebuilds, dead letters and their replay. */
export class ProjectionAdmin {
  constructor(
    private readonly projections: readonly Projection[],
    private readonly registry: GenerationRegistry,
    private readonly deadLetters: DeadLetters,
    private readonly log: EventLog,
  ) {}

  names(): string[] {
    return this.projections.map((projection) => projection.name);
  }

  async status(): Promise<ProjectionReport[]> {
    const headPosition = await this.log.headPosition();
    return Promise.all(this.projections.map((projection) => this.report(projection, headPosition)));
  }

  /** Starts building a new generation from position 1; the current one keeps serving until the new one has caught up. */
  async rebuild(name: string): Promise<number> {
    return this.registry.startGeneration(name, this.projectionNamed(name).version);
  }

  listDeadLetters(name: string): Promise<DeadLetter[]> {
    this.projectionNamed(name);
    return this.deadLetters.list(name);
  }

  async replayDeadLetter(name: string, position: number): Promise<void> {
    const letters = await this.listDeadLetters(name);
    if (!letters.some((letter) => letter.position === position)) throw new UnknownDeadLetterError(name, position);
    await this.deadLetters.requestReplay(name, position);
  }

  private async report(projection: Projection, headPosition: number): Promise<ProjectionReport> {
    const activeGeneration = await this.registry.active(projection.name);
    const generations = await Promise.all(
      (await this.registry.list(projection.name)).map(async (g) => {
        const checkpoint = await this.registry.checkpoint(projection.name, g.generation);
        return { generation: g.generation, version: g.version, status: g.status, checkpoint, lag: Math.max(0, headPosition - checkpoint) };
      }),
    );
    const active = generations.find((g) => g.generation === activeGeneration);
    return {
      name: projection.name,
      codeVersion: projection.version,
      activeGeneration,
      headPosition,
      lag: active ? active.lag : headPosition,
      generations,
      deadLetters: (await this.deadLetters.list(projection.name)).length,
    };
  }

  private projectionNamed(name: string): Projection {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new UnknownProjectionError(name);
    return projection;
  }
}

export class UnknownProjectionError extends Error {
  constructor(name: string) {
    super(`There is no projection named ${name}.`);
    this.name = 'UnknownProjectionError';
  }
}

export class UnknownDeadLetterError extends Error {
  constructor(name: string, position: number) {
    super(`Projection ${name} has no dead letter at position ${position}.`);
    this.name = 'UnknownDeadLetterError';
  }
}

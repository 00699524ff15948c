import type { LogConsumers } from '@application/shared/log-consumers';

export type RebuildProgress = Readonly<{ position: number; headPosition: number; eventsPerSecond: number }>;

const formatDuration = (seconds: number): string => {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

/** One line of a rebuild's progress: where it is in the log, how fast it goes and, once that is known, the time left. */
export const progressLine = ({ position, headPosition, eventsPerSecond }: RebuildProgress): string => {
  const share = headPosition > 0 ? ((100 * position) / headPosition).toFixed(1) : '100.0';
  const left = headPosition - position;
  const eta = eventsPerSecond > 0 ? `, about ${formatDuration(left / eventsPerSecond)} left` : '';
  return `position ${position.toLocaleString('en')} of ${headPosition.toLocaleString('en')} (${share} %), ${Math.round(eventsPerSecond).toLocaleString('en')} events/s${eta}`;
};

export type FollowOptions = Readonly<{ intervalMs: number; print: (line: string) => void; sleep: (ms: number) => Promise<void> }>;

/**
 * Prints a rebuild's progress until its generation serves the queries (the worker builds it; this only watches). The
 * rate is the average since watching began, so a pause of the worker shows as a slower rate, not as a stall.
 */
export const followRebuild = async (consumers: LogConsumers, name: string, generation: number, options: FollowOptions): Promise<void> => {
  let first: Readonly<{ at: number; position: number }> | null = null;
  for (;;) {
    const report = (await consumers.projectionStatus()).find((projection) => projection.name === name);
    const built = report?.generations.find((candidate) => candidate.generation === generation);
    if (!report || !built) throw new Error(`Generation ${generation} of ${name} is gone: another rebuild replaced it.`);
    if (report.activeGeneration === generation) {
      options.print(`Generation ${generation} of ${name} has caught up and serves the queries.`);
      return;
    }
    const now = Date.now();
    first ??= { at: now, position: built.checkpoint };
    const seconds = (now - first.at) / 1000;
    const eventsPerSecond = seconds > 0 ? (built.checkpoint - first.position) / seconds : 0;
    options.print(progressLine({ position: built.checkpoint, headPosition: report.headPosition, eventsPerSecond }));
    await options.sleep(options.intervalMs);
  }
};

import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const now = (): number => performance.now();

export type Latency = Readonly<{ count: number; meanMs: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number }>;

/** Nearest-rank percentiles of a list of durations in milliseconds. */
export const latencyOf = (samples: readonly number[]): Latency => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    meanMs: round(sorted.length ? sum / sorted.length : 0),
    p50Ms: round(at(50)),
    p90Ms: round(at(90)),
    p99Ms: round(at(99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
};

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export const perSecond = (count: number, ms: number): number => round(ms > 0 ? (count * 1000) / ms : 0, 1);

/** Runs `count` operations from `concurrency` workers; each worker takes the next index. Returns per-op latencies. */
export const runConcurrently = async (count: number, concurrency: number, op: (index: number, worker: number) => Promise<void>): Promise<number[]> => {
  const latencies: number[] = new Array<number>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = next++; index < count; index = next++) {
        const start = now();
        await op(index, worker);
        latencies[index] = now() - start;
      }
    }),
  );
  return latencies;
};

/* CPU time of processes, from /proc (Linux), in milliseconds of CPU. */

const clockTicks = 100; // USER_HZ: 100 on every Linux/x86_64 kernel we run on

export const cpuMsOfPid = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return 0;
  }
};

const pidsNamed = (name: string): number[] => {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
};

export type CpuSources = Readonly<{ ferretdbPid?: number; redisPid?: number; postgres: boolean }>;

export type CpuSample = Readonly<{ at: number; node: number; ferretdb: number; redis: number; postgres: number }>;

/** CPU used by this process, FerretDB, Redis and (summed over all its processes) PostgreSQL so far. */
export const sampleCpu = (sources: CpuSources): CpuSample => {
  const usage = process.cpuUsage();
  return {
    at: now(),
    node: (usage.user + usage.system) / 1000,
    ferretdb: sources.ferretdbPid ? cpuMsOfPid(sources.ferretdbPid) : 0,
    redis: sources.redisPid ? cpuMsOfPid(sources.redisPid) : 0,
    postgres: sources.postgres ? pidsNamed('postgres').reduce((total, pid) => total + cpuMsOfPid(pid), 0) : 0,
  };
};

/** Per process, CPU used between two samples as a percentage of one core over the wall time between them. */
export type CpuShare = Readonly<{ node: number; ferretdb: number; redis: number; postgres: number }>;

export const cpuShare = (from: CpuSample, to: CpuSample): CpuShare => {
  const wall = to.at - from.at;
  const pct = (a: number, b: number) => round(wall > 0 ? ((b - a) / wall) * 100 : 0, 0);
  return {
    node: pct(from.node, to.node),
    ferretdb: pct(from.ferretdb, to.ferretdb),
    redis: pct(from.redis, to.redis),
    postgres: pct(from.postgres, to.postgres),
  };
};

export const loadAverage = (): number[] => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

/** Busy and total CPU time of the whole machine so far (all cores, /proc/stat), in clock ticks. */
export const machineCpu = (): { busy: number; total: number } => {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
};

/**
 * Over a window: how busy the machine was (percent of all cores), and how much of it the sampled processes
 * (this one, FerretDB, Redis, PostgreSQL) account for; the rest is other work on the machine.
 */
export const machineShare = (from: { busy: number; total: number }, to: { busy: number; total: number }, ours: CpuShare, cores: number) => {
  const busyPercent = round(((to.busy - from.busy) / Math.max(1, to.total - from.total)) * 100, 0);
  const oursPercent = round((ours.node + ours.ferretdb + ours.redis + ours.postgres) / cores, 0);
  return { machineBusyPercent: busyPercent, benchProcessesPercent: oursPercent, otherPercent: Math.max(0, busyPercent - oursPercent) };
};

import { availableParallelism } from 'node:os';
import type { JobClient } from './load-clients';
import { cpuMsOfPid, machineCpu, now, round } from './measure';
import type { FloorJob, LoadResult, MixedJob } from './mixed-load-client';
import type { MixedStore } from './mixed-seed';
import type { VuPlan } from './mixed-workload';

/** Members each virtual user signs in as, in turn: its sessions spread their sign-ins over them. */
export const MEMBERS_PER_VU = 4;
const NEW_USER_TARGETS = 8;

export type MixedClient = JobClient<MixedJob | FloorJob, LoadResult>;

export type RunCpu = Readonly<{
  /** Each process's CPU over the run, in % of one core. */
  percentOfOneCore: Record<string, number>;
  machineBusyPercent: number;
  /** Busy CPU of the machine not used by the processes above, in % of all cores. */
  otherPercent: number;
}>;

/** Runs `work` and says how much CPU each of `pids` took meanwhile, and how busy the whole machine was. */
export const withCpu = async <R>(pids: Record<string, number | undefined>, work: () => Promise<R>): Promise<{ result: R; cpu: RunCpu }> => {
  const sample = () => ({
    at: now(),
    machine: machineCpu(),
    ms: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? cpuMsOfPid(pid) : 0])),
  });
  const from = sample();
  const result = await work();
  const to = sample();
  const percentOfOneCore = Object.fromEntries(Object.keys(pids).map((name) => [name, round(((to.ms[name]! - from.ms[name]!) / (to.at - from.at)) * 100, 0)]));
  const machineBusyPercent = round(((to.machine.busy - from.machine.busy) / Math.max(1, to.machine.total - from.machine.total)) * 100, 0);
  const ours = Object.values(percentOfOneCore).reduce((total, percent) => total + percent, 0) / availableParallelism();
  return { result, cpu: { percentOfOneCore, machineBusyPercent, otherPercent: Math.max(0, round(machineBusyPercent - ours, 0)) } };
};

/** Runs of one target: the warm-up (index 0), then one per concurrency; each has members of its own, so each starts from the seeded follows. */
export const runSizes = (warmupConnections: number, connections: readonly number[]): number[] => [warmupConnections, ...connections];

export const membersNeeded = (sizes: readonly number[]): number => sizes.reduce((total, size) => total + size, 0) * MEMBERS_PER_VU;

/** The virtual users of run `index` of `sizes`: the members after those of the runs before it. */
export const plansOf = (store: MixedStore, sizes: readonly number[], index: number): VuPlan[] => {
  const offset = sizes.slice(0, index).reduce((total, size) => total + size, 0) * MEMBERS_PER_VU;
  return Array.from({ length: sizes[index]! }, (_, vu) => ({
    vu,
    members: store.members.slice(offset + vu * MEMBERS_PER_VU, offset + (vu + 1) * MEMBERS_PER_VU),
    newUserTargets: Array.from({ length: NEW_USER_TARGETS }, (_, n) => store.network[(vu * 53 + n * 97 + index * 11) % store.network.length]!),
    // N, the run's letter, the user's number: new usernames of 7 characters, unique within a target's runs.
    signUpPrefix: `N${String.fromCharCode(97 + index)}${vu.toString(36).padStart(2, '0')}`,
  }));
};

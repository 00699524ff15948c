import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { terminateWithParent } from './exit-cleanup';
import { readLogTail } from './log-tail';

/** A local server run as a child process; `pid` changes after `restart()`, `url` and `port` never do. */
export type ManagedProcess = {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** SIGTERM, then wait for the exit (SIGKILL if it takes longer than 10 s). */
  stop(): Promise<void>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** Start again on the same port and data dir (stopping it first if it still runs). */
  restart(): Promise<void>;
};

export type ManagedProcessSpec = {
  name: string;
  command: string;
  args: readonly string[];
  port: number;
  url: string;
  logFile: string;
  cwd: string;
  /**
   * One readiness probe; resolves true once the server answers and reports `pid` as its own process id
   * (a server that already held the port must not pass for the one just started).
   */
  isReady: (pid: number) => Promise<boolean>;
  startTimeoutMs?: number;
};

type Running = { child: ChildProcess; exited: Promise<void>; hasExited: () => boolean; exitReason: () => string };

const defaultStartTimeoutMs = 30_000;
const stopGraceMs = 10_000;
const probeIntervalMs = 100;

const launch = (spec: ManagedProcessSpec): Running => {
  // The child gets its own copy of the descriptor, so ours can be closed right away.
  const logFd = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    // detached: a Ctrl-C in the terminal must not reach the servers before the app has drained;
    // terminateWithParent ends them when this process goes.
    child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, detached: true, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  let reason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    // Also emitted when a signal cannot be sent; only a child without a pid never started.
    child.on('error', (error) => {
      if (child.pid !== undefined) return;
      reason ??= `could not be started (${error.message})`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      reason ??= signal ? `was ended by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });
  terminateWithParent(child);
  return { child, exited, hasExited: () => reason !== undefined, exitReason: () => reason ?? 'is running' };
};

const failure = async (spec: ManagedProcessSpec, what: string): Promise<Error> =>
  new Error(`${spec.name} on port ${spec.port} ${what}; last lines of ${spec.logFile}:\n${await readLogTail(spec.logFile)}`);

const waitUntilReady = async (spec: ManagedProcessSpec, running: Running): Promise<void> => {
  const timeoutMs = spec.startTimeoutMs ?? defaultStartTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.hasExited()) throw await failure(spec, `${running.exitReason()} before it was ready`);
    if (await spec.isReady(running.child.pid ?? 0).catch(() => false)) return;
    await sleep(probeIntervalMs);
  }
  running.child.kill('SIGKILL');
  await running.exited;
  throw await failure(spec, `was not ready after ${timeoutMs} ms`);
};

const stopRunning = async (running: Running, signal: NodeJS.Signals): Promise<void> => {
  if (running.hasExited()) return;
  running.child.kill(signal);
  const escalation = signal === 'SIGKILL' ? undefined : setTimeout(() => running.child.kill('SIGKILL'), stopGraceMs);
  await running.exited;
  clearTimeout(escalation);
};

const launchReady = async (spec: ManagedProcessSpec): Promise<Running> => {
  const running = launch(spec);
  await waitUntilReady(spec, running);
  return running;
};

/** Spawns the server, waits until `isReady` answers, and rejects with the log tail if it exits first. */
export const startManagedProcess = async (spec: ManagedProcessSpec): Promise<ManagedProcess> => {
  let current = await launchReady(spec);
  return {
    url: spec.url,
    port: spec.port,
    get pid() {
      return current.child.pid ?? 0;
    },
    stop: () => stopRunning(current, 'SIGTERM'),
    kill: () => stopRunning(current, 'SIGKILL'),
    restart: async () => {
      await stopRunning(current, 'SIGTERM');
      current = await launchReady(spec);
    },
  };
};

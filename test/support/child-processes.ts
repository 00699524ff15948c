import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
const running = new Set<ChildProcess>();

/**
 * Starts a TypeScript fixture as one node process (`node --import tsx`, so a signal reaches the program itself, not a
 * wrapper) and resolves once it has printed its first line.
 */
export const startFixture = async (script: string, args: readonly string[]): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const exitedEarly = once(child, 'exit').then(([code, signal]) => {
    throw new Error(`${script} exited before it was ready (code ${code}, signal ${signal})`);
  });
  exitedEarly.catch(() => undefined); // a later exit (a kill) is expected
  await Promise.race([once(child.stdout, 'data'), exitedEarly]);
  return child;
};

export const killFixture = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
};

/**
 * Runs `work` while the fixture `start` launches is killed with SIGKILL at random moments (a pause drawn from
 * `pauseMs` each time) and started again, at least `minKills` times even if the work ends sooner (the process still
 * catches up then); returns how often it was killed while the work ran, in all, and the process running at the end.
 */
export const runWhileKillingRepeatedly = async (
  start: () => Promise<ChildProcess>,
  work: () => Promise<unknown>,
  pauseMs: readonly [min: number, max: number],
  minKills = 3,
): Promise<{ killsDuringWork: number; kills: number; child: ChildProcess }> => {
  let child = await start();
  let working = true;
  let kills = 0;
  let killsDuringWork = 0;
  const killer = (async () => {
    while (working || kills < minKills) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs[0] + Math.random() * (pauseMs[1] - pauseMs[0])));
      if (working) killsDuringWork++;
      await killFixture(child);
      kills++;
      child = await start();
    }
  })();
  try {
    await work();
  } finally {
    working = false;
    await killer;
  }
  return { killsDuringWork, kills, child };
};

/** For afterEach: no fixture outlives its test, even a failed one. */
export const killAllFixtures = async (): Promise<void> => {
  await Promise.all([...running].map(killFixture));
};

/*
 * Event store and projection benchmarks against real local servers, and (--only=feeds, --only=chat) the whole
 * system's feed reads and post delivery, chat history reads and message delivery: see docs/performance.md.
 *   npm run bench -- [--handler=sqlite|postgresql|both] [--events=N] … (--help lists every option)
 * Starts a FerretDB per handler and one Redis (unless MONGO_URL / REDIS_URL are set), runs each benchmark beside
 * its raw baseline on the same servers, prints tables and writes the raw figures as JSON under .data/bench/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FerretDbHandler } from '@infrastructure/embedded';
import { appendBenchmark, type AppendBenchmark } from './appends';
import { chatBenchmark, type ChatBenchmark } from './chat';
import { chatTables } from './chat-report';
import { newRunId, type BenchContext } from './context';
import { idleBenchmark, idleTables, type IdleBenchmark } from './idle';
import { feedsBenchmark, type FeedsBenchmark } from './feeds';
import { feedsTables } from './feeds-report';
import { latencyBenchmark, type LatencyBenchmark } from './latency';
import { cpuShare, loadAverage, machineCpu, machineShare, now, round, sampleCpu } from './measure';
import { mixedBenchmark, type MixedBenchmark } from './mixed';
import { mixedTables } from './mixed-report';
import { parseOptions } from './options';
import { rebuildBenchmark, type RebuildBenchmark } from './rebuild';
import { appendTables, latencyTables, rebuildTables } from './report';
import { startMongo, startRedis } from './servers';
import { signInBenchmark, signInTables, type SignInBenchmark } from './sign-in';

type HandlerResults = {
  handler: FerretDbHandler;
  server: { mongo: string; postgres?: string; external: boolean };
  appends?: AppendBenchmark;
  latency?: LatencyBenchmark;
  rebuild?: RebuildBenchmark;
  feeds?: FeedsBenchmark;
  chat?: ChatBenchmark;
  signIn?: SignInBenchmark;
  idle?: IdleBenchmark;
  mixed?: MixedBenchmark;
  seconds: number;
  /** Over this handler's whole section, in percent of all cores. */
  cpu?: ReturnType<typeof machineShare>;
};

const repoRoot = resolve(__dirname, '..');

const cpuModel = (): string => /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';

/** The commit measured, and the measured files that differed from it (others edit the tree while we run). */
const gitState = (): { commit: string; uncommittedInSrc: string[] } => {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', 'HEAD'), uncommittedInSrc: git('status', '--porcelain', '--', 'src/infrastructure').split('\n').filter(Boolean) };
  } catch {
    return { commit: 'unknown', uncommittedInSrc: [] };
  }
};

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const main = async (): Promise<void> => {
  const options = parseOptions(process.argv.slice(2));
  const runId = newRunId();
  const scratch = join(repoRoot, '.data', 'bench', `servers-${runId}`);
  const started = now();
  const machine = {
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverageAtStart: loadAverage(),
  };
  log(`chatty-es bench ${runId}: ${JSON.stringify(options)}`);
  const redis = await startRedis(join(scratch, 'redis'));
  const results: HandlerResults[] = [];
  try {
    for (const handler of options.handlers) {
      const handlerStarted = now();
      log(`\n== FerretDB, ${handler} handler ==`);
      const mongo = await startMongo(handler, join(scratch, `ferretdb-${handler}`));
      const result: HandlerResults = {
        handler,
        server: { mongo: mongo.version, postgres: mongo.postgresVersion, external: mongo.pid === undefined },
        seconds: 0,
      };
      results.push(result);
      const cpuSources = { ferretdbPid: mongo.pid, redisPid: redis.pid, postgres: handler === 'postgresql' && mongo.pid !== undefined };
      const machineBefore = machineCpu();
      const oursBefore = sampleCpu(cpuSources);
      try {
        const ctx: BenchContext = {
          mongoUrl: mongo.url,
          redisUrl: redis.url,
          cpu: cpuSources,
          options,
          runId,
          log,
        };
        if (options.only.includes('appends')) {
          log('1. event store appends');
          result.appends = await appendBenchmark(ctx);
        }
        if (options.only.includes('latency')) {
          log('3. append latency by store size');
          result.latency = await latencyBenchmark(ctx);
        }
        if (options.only.includes('rebuild')) {
          log('2. projection rebuild');
          result.rebuild = await rebuildBenchmark(ctx);
        }
        if (options.only.includes('feeds')) {
          log('4. feed reads and post delivery, whole system');
          result.feeds = await feedsBenchmark(ctx);
        }
        if (options.only.includes('chat')) {
          log('5. chat history pages and message delivery, whole system on two processes');
          result.chat = await chatBenchmark(ctx);
        }
        if (options.only.includes('sign-in')) {
          log('6. sign-up and sign-in bursts, whole system in this process');
          result.signIn = await signInBenchmark(ctx);
        }
        if (options.only.includes('idle')) {
          log('7. the whole system with data and no traffic: CPU of each process');
          result.idle = await idleBenchmark(ctx);
        }
        if (options.only.includes('mixed')) {
          log(`8. the client's mixed workload over HTTP, ${options.before} then the working tree, beside the floors`);
          result.mixed = await mixedBenchmark(ctx);
        }
        result.cpu = machineShare(machineBefore, machineCpu(), cpuShare(oursBefore, sampleCpu(cpuSources)), machine.cpus);
      } finally {
        await mongo.stop();
        result.seconds = round((now() - handlerStarted) / 1000, 1);
      }
    }
  } finally {
    await redis.stop();
    await rm(scratch, { recursive: true, force: true });
  }

  const output = resolve(repoRoot, options.output);
  const document = {
    runId,
    at: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    options,
    git: gitState(),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    redis: redis.version,
    totalSeconds: round((now() - started) / 1000, 1),
    results,
  };
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, `${JSON.stringify(document, null, 2)}\n`);
  // Each run is also kept under its id, beside the output, so that runs can be compared.
  await writeFile(join(dirname(output), `run-${runId}.json`), `${JSON.stringify(document, null, 2)}\n`);

  const out: string[] = [];
  out.push(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, Redis ${redis.version}`);
  for (const result of results) {
    out.push(
      '',
      `==== ${result.server.mongo}, ${result.handler} handler${result.server.postgres ? ` (PostgreSQL ${result.server.postgres})` : ''} — ${result.seconds} s ====`,
    );
    if (result.cpu)
      out.push(
        `machine CPU over this section: ${result.cpu.machineBusyPercent}% busy, of which bench processes ${result.cpu.benchProcessesPercent}%, other processes ${result.cpu.otherPercent}%`,
      );
    if (result.appends) out.push('', `1. Appends: ${options.events} single-event appends per run, sequencer running`, appendTables(result.appends));
    if (result.rebuild) out.push('', '2. Projection build from position 1 (counter projection: HINCRBY, SADD, ZADD per event)', rebuildTables(result.rebuild));
    if (result.latency) out.push('', `3. Append latency (ms, one writer, ${options.latencySamples} appends) by store size`, latencyTables(result.latency));
    if (result.feeds)
      out.push(
        '',
        `4. Feeds over HTTP (${options.feedSeconds} s per run) and post delivery, beside a bare Express / Socket.IO floor`,
        feedsTables(result.feeds),
      );
    if (result.chat)
      out.push(
        '',
        `5. Chat over HTTP (${options.chatSeconds} s per run) and message delivery across two processes, beside a bare Express / Socket.IO floor`,
        chatTables(result.chat),
      );
    if (result.signIn)
      out.push(
        '',
        `6. Sign-up and sign-in bursts over HTTP (c=${result.signIn.connections}, ${result.signIn.users} users), beside bare routes, with this process's event-loop delay`,
        signInTables(result.signIn),
      );
    if (result.idle) out.push('', '7. Idle: the whole system with data and no traffic, % of one core per process', idleTables(result.idle));
    if (result.mixed)
      out.push(
        '',
        `8. Mixed workload over HTTP (closed loop, ${result.mixed.durationSec} s per run): ${options.before} ("before") and the working tree ("after"), beside the floors`,
        mixedTables(result.mixed),
      );
  }
  out.push('', `total ${document.totalSeconds} s; results in ${output}`);
  console.log(out.join('\n'));
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pino from 'pino';
import type { Dependencies } from '@application/dependencies';
import { grantAdminRole } from '@application/identity/grant-admin-role.handler';
import type { ConsumerReport, LogConsumers, ProjectionReport } from '@application/shared/log-consumers';
import { ConfigError, loadConfig, type Config } from '@infrastructure/config/config';
import { throwawaySecrets } from '@infrastructure/config/secrets';
import { openConnections } from '@infrastructure/container/connections';
import { closeContainer, createContainer } from '@infrastructure/container/container';
import { TOKENS } from '@infrastructure/container/tokens';
import { sleep } from '@infrastructure/runtime/background-loop';
import { contexts } from '../contexts/catalog';
import { embeddedServicesFile } from '../processes/start-system';
import { followRebuild } from './rebuild-progress';

const PROGRESS_INTERVAL_MS = 2_000;

const USAGE = `Usage: npm run admin -- <command>
  status                              every consumer of the log: projections (per generation), policies and realtime
                                      projections, with checkpoints, lag and dead letters
  rebuild <projection> [--detach]     build a new generation from position 1; it replaces the current one once caught up.
                                      Prints the progress (position, events/s, time left) until then, unless --detach
  dead-letters <consumer>             events the consumer gave up on
  replay <consumer> <position>        handle a dead-lettered event again
  discard <consumer> <position>       give up on a dead-lettered event for good
  grant-admin <username>              give a user the admin role (for the /admin routes)`;

/** The running system's services: the configured URLs, or those the embedded default wrote down when it started. */
const serviceUrls = async (config: Config): Promise<{ mongoUrl: string; redisUrl: string }> => {
  if (config.mongoUrl && config.redisUrl) return { mongoUrl: config.mongoUrl, redisUrl: config.redisUrl };
  const file = embeddedServicesFile(config);
  const written = JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as { mongoUrl: string; redisUrl: string } | null;
  if (!written) throw new Error(`MONGO_URL and REDIS_URL are not set and ${file} does not exist: is the system running (npm start)?`);
  return { mongoUrl: config.mongoUrl ?? written.mongoUrl, redisUrl: config.redisUrl ?? written.redisUrl };
};

const printTable = (header: string[], rows: string[][]): void => {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
};

const isProjection = (report: ConsumerReport | ProjectionReport): report is ProjectionReport => report.kind === 'projection';

/** Projections with a row per generation, then the other consumers; lag is head position minus checkpoint. */
const printStatus = (reports: Array<ConsumerReport | ProjectionReport>): void => {
  printTable(
    ['projection', 'generation', 'status', 'version', 'checkpoint', 'lag', 'dead letters'],
    reports
      .filter(isProjection)
      .flatMap((report) =>
        report.generations.map((g) => [
          report.name,
          String(g.generation),
          g.generation === report.activeGeneration ? `${g.status} (active)` : g.status,
          String(g.version),
          String(g.checkpoint),
          String(g.lag),
          String(report.deadLetters),
        ]),
      ),
  );
  console.log('');
  printTable(
    ['consumer', 'kind', 'checkpoint', 'lag', 'dead letters'],
    reports
      .filter((report) => !isProjection(report))
      .map((report) => [
        report.name,
        report.kind,
        report.checkpoint === null ? 'none yet' : String(report.checkpoint),
        String(report.lag),
        String(report.deadLetters),
      ]),
  );
  console.log(`head position: ${reports[0]?.headPosition ?? 0}`);
};

const run = async (args: string[]): Promise<void> => {
  const [command, name, position] = args;
  // The CLI signs and checks no token: its container gets keys that nothing else knows, not the data folder's.
  const config: Config = { ...loadConfig(), ...throwawaySecrets() };
  const connections = await openConnections({ ...config, ...(await serviceUrls(config)) });
  const container = createContainer(config, connections, pino({ level: 'warn' }), contexts);
  const consumers = container.get<LogConsumers>(TOKENS.ConsumerAdmin);
  try {
    if (command === 'status') printStatus(await consumers.status());
    else if (command === 'rebuild' && name) {
      const generation = await consumers.rebuild(name);
      console.log(`Rebuilding ${name} into generation ${generation}; the current generation serves until it has caught up.`);
      if (!args.includes('--detach')) await followRebuild(consumers, name, generation, { intervalMs: PROGRESS_INTERVAL_MS, print: console.log, sleep });
    } else if (command === 'dead-letters' && name) console.log(JSON.stringify(await consumers.listDeadLetters(name), null, 2));
    else if (command === 'replay' && name && position) {
      await consumers.replayDeadLetter(name, Number(position));
      console.log(`Replay of position ${position} requested.`);
    } else if (command === 'discard' && name && position) {
      await consumers.discardDeadLetter(name, Number(position));
      console.log(`Dead letter at position ${position} discarded.`);
    } else if (command === 'grant-admin' && name) {
      const metadata = { commandId: randomUUID(), now: new Date(), actorId: null, correlationId: randomUUID(), causationId: null };
      console.log(`${name} (${await grantAdminRole(container.get<Dependencies>(TOKENS.Dependencies), { username: name }, metadata)}) is an admin.`);
    } else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await closeContainer(container);
    await connections.close();
  }
};

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

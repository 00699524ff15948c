import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { grantAdminRole } from '@application/identity/grant-admin-role.handler';
import type { EventStore } from '@application/shared/event-store';
import { ConfigError, loadConfig, type Config } from '@infrastructure/config/config';
import { openConnections } from '@infrastructure/container/connections';
import { closeContainer, createContainer } from '@infrastructure/container/container';
import { TOKENS } from '@infrastructure/container/tokens';
import type { ProjectionAdmin, ProjectionReport } from '@infrastructure/projections/projection-admin';
import { embeddedServicesFile } from '../processes/start-system';

const USAGE = `Usage: npm run admin -- <command>
  status                           each projection's generations, checkpoints and lag
  rebuild <projection>             build a new generation from position 1; it replaces the current one once caught up
  dead-letters <projection>        events the projection gave up on
  replay <projection> <position>   apply a dead-lettered event again
  grant-admin <username>           give a user the admin role (for the /admin routes)`;

/** The running system's services: the configured URLs, or those the embedded default wrote down when it started. */
const serviceUrls = async (config: Config): Promise<{ mongoUrl: string; redisUrl: string }> => {
  if (config.mongoUrl && config.redisUrl) return { mongoUrl: config.mongoUrl, redisUrl: config.redisUrl };
  const file = embeddedServicesFile(config);
  const written = JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as { mongoUrl: string; redisUrl: string } | null;
  if (!written) throw new Error(`MONGO_URL and REDIS_URL are not set and ${file} does not exist: is the system running (npm start)?`);
  return { mongoUrl: config.mongoUrl ?? written.mongoUrl, redisUrl: config.redisUrl ?? written.redisUrl };
};

const printStatus = (reports: ProjectionReport[]): void => {
  const rows = reports.flatMap((report) =>
    report.generations.map((g) => [report.name, String(g.generation), g.generation === report.activeGeneration ? `${g.status} (active)` : g.status, String(g.version), String(g.checkpoint), String(g.lag), String(report.deadLetters)]),
  );
  const header = ['projection', 'generation', 'status', 'version', 'checkpoint', 'lag', 'dead letters'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  console.log(`head position: ${reports[0]?.headPosition ?? 0}`);
};

const run = async (args: string[]): Promise<void> => {
  const [command, name, position] = args;
  const config = loadConfig();
  const connections = await openConnections({ ...config, ...(await serviceUrls(config)) });
  const container = createContainer(config, connections, pino({ level: 'warn' }));
  const admin = container.get<ProjectionAdmin>(TOKENS.ProjectionAdmin);
  try {
    if (command === 'status') printStatus(await admin.status());
    else if (command === 'rebuild' && name) console.log(`Rebuilding ${name} into generation ${await admin.rebuild(name)}; the current generation serves until it has caught up.`);
    else if (command === 'dead-letters' && name) console.log(JSON.stringify(await admin.listDeadLetters(name), null, 2));
    else if (command === 'replay' && name && position) {
      await admin.replayDeadLetter(name, Number(position));
      console.log(`Replay of position ${position} requested.`);
    } else if (command === 'grant-admin' && name) {
      const metadata = { commandId: randomUUID(), now: new Date(), actorId: null, correlationId: randomUUID(), causationId: null };
      console.log(`${name} (${await grantAdminRole(container.get<EventStore>(TOKENS.EventStore), name, metadata)}) is an admin.`);
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

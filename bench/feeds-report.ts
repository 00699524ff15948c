import { IDLE_SECONDS, type DeliveryRun, type FeedsBenchmark, type HttpRun } from './feeds';
import type { Latency } from './measure';
import { table } from './report';

const lat = (latency: Latency) => `${latency.p50Ms} / ${latency.p99Ms}`;
const errorsOf = (run: HttpRun) => run.result.non2xx + run.result.errors + run.result.timeouts;

const httpTable = (bench: FeedsBenchmark): string => {
  const pairs = bench.http.filter((run) => run.target === 'system' && !run.scenario.startsWith('GET /health'));
  const floorOf = (run: HttpRun) =>
    bench.http.find((other) => other.target === 'floor' && other.scenario === run.scenario && other.result.connections === run.result.connections);
  return table([
    [
      'scenario',
      'c',
      'system req/s',
      'p50 / p99 ms',
      'floor req/s',
      'floor p50 / p99 ms',
      'ratio',
      'errors sys / floor',
      'node CPU % sys / floor',
      'CPU ms/req sys / floor',
      'other CPU %',
    ],
    ...pairs.map((run) => {
      const floor = floorOf(run)!;
      return [
        run.scenario,
        run.result.connections,
        run.result.perSecond,
        lat(run.result.latency),
        floor.result.perSecond,
        lat(floor.result.latency),
        `${Math.round((run.result.perSecond / floor.result.perSecond) * 100)} %`,
        `${errorsOf(run)} / ${errorsOf(floor)}`,
        `${run.cpu.percentOfOneCore.node} / ${floor.cpu.percentOfOneCore.node}`,
        `${run.nodeCpuMsPerRequest} / ${floor.nodeCpuMsPerRequest}`,
        `${run.cpu.otherPercent} / ${floor.cpu.otherPercent}`,
      ];
    }),
  ]);
};

const healthTable = (bench: FeedsBenchmark): string =>
  table([
    ['system, GET /health (helmet, cors, compression, cookies; no session, no query)', 'c', 'req/s', 'p50 / p99 ms', 'node CPU %', 'CPU ms/req'],
    ...bench.http
      .filter((run) => run.scenario.startsWith('GET /health'))
      .map((run) => ['', run.result.connections, run.result.perSecond, lat(run.result.latency), run.cpu.percentOfOneCore.node, run.nodeCpuMsPerRequest]),
  ]);

const profileTable = (bench: FeedsBenchmark): string => {
  const { profile } = bench;
  const stages = table([
    ['stage (in process, one request at a time)', 'p50 ms', 'p99 ms', 'mean ms', 'CPU ms', 'round trips', 'serial round trips', 'commands'],
    ...profile.stages.map((stage) => [
      stage.stage,
      stage.ms.p50Ms,
      stage.ms.p99Ms,
      stage.ms.meanMs,
      stage.cpuMs,
      stage.roundTrips,
      stage.serialRoundTrips,
      stage.commands,
    ]),
  ]);
  const byCount = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([label, count]) => `${label} ${count}`)
      .join(', ');
  return [
    stages,
    `${profile.requests} requests, ${profile.wallMsPerRequest} ms each, ${profile.cpuMsPerRequest} ms of this process's CPU each (its idle background included)`,
    `one session token verified (jsonwebtoken): ${profile.tokenVerifyCpuMs} ms of CPU`,
    `Redis PING through the same client: p50 ${profile.redisPing.p50Ms} ms, p99 ${profile.redisPing.p99Ms} ms`,
    `round trips of a page-1 request: ${byCount(profile.page1RoundTrips)}`,
    `commands of a page-1 request: ${byCount(profile.page1Commands)}`,
  ].join('\n');
};

const commandsPer = (commands: Record<string, number>, count: number): string =>
  Object.entries(commands)
    .sort((a, b) => b[1] - a[1])
    .map(([name, total]) => `${name} ${Math.round((total / count) * 10) / 10}`)
    .join(', ');

const stagesOf = (run: DeliveryRun): string => {
  const { stages } = run;
  if (!stages) return '';
  return [
    `system at ${run.ratePerSecond}/s: FerretDB at ${run.cpu.percentOfOneCore.ferretdb} % of a core, Redis ${run.cpu.percentOfOneCore.redis} %; FerretDB commands per post: ${commandsPer(run.cpu.ferretdbCommands, run.result.posts)}`,
    ...Object.entries(run.warnings ?? {}).map(([msg, count]) => `  the system logged ${count} times: "${msg}"`),
    `  split where the post entered the log (${stages.postsFound} posts found; ms clocks): POST sent → in the log p50 / p99 ${lat(stages.sentToLog)} ms; 201 → in the log ${lat(stages.answeredToLog)} ms; in the log → first reader ${lat(stages.logToFirstReader)} ms`,
  ].join('\n');
};

const deliveryTable = (bench: FeedsBenchmark): string =>
  table([
    [
      'delivery',
      'posts/s',
      'posts',
      'readers',
      'POST→201 p50 / p99 ms',
      'POST→add post p50 / p99 ms',
      'max ms',
      'first reader p50 / p99 ms',
      'missing',
      'node CPU %',
    ],
    ...bench.delivery.runs.map((run) => [
      run.target,
      run.ratePerSecond,
      run.result.posts,
      run.result.readers,
      lat(run.result.post201),
      lat(run.result.delivery),
      run.result.delivery.maxMs,
      lat(run.result.firstReader),
      run.result.missing,
      run.cpu.percentOfOneCore.node,
    ]),
  ]);

export const feedsTables = (bench: FeedsBenchmark): string => {
  const { network, samplePage } = bench;
  return [
    `store: ${network.events} events (${network.posts} posts: ${network.byPrivacy.Public} Public, ${network.byPrivacy.Followers} Followers, ${network.byPrivacy.Private} Private; ${network.follows} follows, ${network.blocks} blocks) seeded in ${network.seedMs} ms; projections at the head ${bench.projectionsCaughtUpMs} ms after start`,
    `idle system (no request for ${IDLE_SECONDS} s): node ${bench.idle.percentOfOneCore.node} %, FerretDB ${bench.idle.percentOfOneCore.ferretdb} %, Redis ${bench.idle.percentOfOneCore.redis} % of a core; FerretDB commands per second: ${commandsPer(bench.idle.ferretdbCommands, IDLE_SECONDS)}`,
    `${bench.readers} readers; page 1 of the first: ${samplePage.posts} posts of ${samplePage.totalPosts}, ${samplePage.bytes} bytes of JSON`,
    '',
    httpTable(bench),
    '',
    healthTable(bench),
    '',
    profileTable(bench),
    '',
    `posts for ${bench.delivery.durationSec} s at each rate (Public and Followers in turn), open loop:`,
    deliveryTable(bench),
    ...bench.delivery.runs.map(stagesOf).filter(Boolean),
  ].join('\n');
};

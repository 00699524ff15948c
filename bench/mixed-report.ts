import type { MixedBenchmark, MixedRun, MixedTarget } from './mixed';
import type { RouteResult } from './mixed-load-client';
import { ROUTES } from './mixed-workload';
import { round } from './measure';
import { table } from './report';

const latency = (route: RouteResult | undefined): string => (route ? `${route.latency.p50Ms} / ${route.latency.p99Ms}` : '-');

/** Of the 2xx answers, the share that took 2 s or more (the read-your-writes wait's default limit). */
const slowShare = (route: RouteResult | undefined): string => (route ? `${Math.round((route.slow / Math.max(1, route.latency.count)) * 100)} %` : '-');

const ratio = (after: number | undefined, before: number | undefined): string => (after && before ? `${round(after / before, 2)}` : '-');

/** Answers other than 2xx by status, then errors and timeouts: `400×2 err×1`, or `0`. */
const failures = (route: RouteResult | undefined): string => {
  if (!route) return '-';
  const parts = Object.entries(route.non2xx).map(([status, count]) => `${status}×${count}`);
  if (route.errors) parts.push(`err×${route.errors}`);
  if (route.timeouts) parts.push(`timeout×${route.timeouts}`);
  return parts.length ? parts.join(' ') : '0';
};

const routeOf = (run: MixedRun | undefined, route: string) => (route === 'all' ? run?.result.total : run?.result.routes.find((r) => r.route === route));

/** Per route at one concurrency: the before and after systems side by side, with the after/before ratios. */
const comparison = (before: MixedTarget, after: MixedTarget, connections: number): string => {
  const runOf = (target: MixedTarget) => target.runs.find((run) => run.connections === connections);
  const [b, a] = [runOf(before), runOf(after)];
  const allRequests = a?.result.total.requests ?? 0;
  const rows = [...Object.values(ROUTES), 'all'].map((route) => {
    const [rb, ra] = [routeOf(b, route), routeOf(a, route)];
    return [
      route,
      `${ra ? Math.round((ra.requests / Math.max(1, allRequests)) * 100) : 0} %`,
      rb?.perSecond ?? 0,
      ra?.perSecond ?? 0,
      ratio(ra?.perSecond, rb?.perSecond),
      latency(rb),
      latency(ra),
      ratio(ra?.latency.p99Ms, rb?.latency.p99Ms),
      `${slowShare(rb)} / ${slowShare(ra)}`,
      failures(rb),
      failures(ra),
    ];
  });
  return table([
    [
      'route',
      'share',
      'before req/s',
      'after req/s',
      'after/before',
      'before p50 / p99 ms',
      'after p50 / p99 ms',
      'p99 after/before',
      '≥ 2 s before / after',
      'before not 2xx',
      'after not 2xx',
    ],
    ...rows,
  ]);
};

/** FerretDB's commands over the run per request answered, all of them and the `find`s among them. */
const commandsPerRequest = (run: MixedRun): string => {
  const commands = run.ferretdbCommands ?? {};
  const per = (count: number) => round(count / Math.max(1, run.result.total.requests), 1);
  return `${per(Object.values(commands).reduce((total, count) => total + count, 0))} (${per(commands.find ?? 0)})`;
};

const cpuTable = (bench: MixedBenchmark): string =>
  table([
    ['target', 'c', 'system %', 'FerretDB %', 'Redis %', 'load client %', 'machine busy %', 'other processes %', 'FerretDB commands / request (find)'],
    ...bench.targets.flatMap((target) =>
      target.runs.map((run) => {
        const cpu = run.cpu.percentOfOneCore;
        return [
          target.label,
          run.connections,
          cpu.system ?? 0,
          cpu.ferretdb ?? 0,
          cpu.redis ?? 0,
          cpu.loadClient ?? 0,
          run.cpu.machineBusyPercent,
          run.cpu.otherPercent,
          commandsPerRequest(run),
        ];
      }),
    ),
  ]);

const setupTable = (bench: MixedBenchmark): string =>
  table([
    ['target', 'commit', 'log docs', 'projections at head ms', 'members signed in ms', 'sessions: sign-ins / sign-ups / failed starts'],
    ...bench.targets.map((target) => [
      target.label,
      `${target.commit.slice(0, 7)}${target.uncommittedInSrc.length ? ` + ${target.uncommittedInSrc.length} changed in src/` : ''}`,
      target.logDocs,
      target.projectionsCaughtUpMs,
      target.primeMs,
      target.runs
        .map(({ connections, result: { sessions } }) => `c=${connections}: ${sessions?.signIns} / ${sessions?.signUps} / ${sessions?.failedStarts}`)
        .join('; '),
    ]),
  ]);

const floorTable = (bench: MixedBenchmark): string => {
  const after = bench.targets.find((target) => target.label === 'after');
  return table([
    ['floor', 'c', 'per s', 'p50 / p99 ms', 'the current system, all routes, per s'],
    ...bench.floors.bareRoute.map((run) => [
      'bare Express route, GET /post/all/1 from memory',
      run.connections,
      run.result.total.perSecond,
      latency(run.result.total),
      after?.runs.find((r) => r.connections === run.connections)?.result.total.perSecond ?? '-',
    ]),
    ...bench.floors.rawInserts.map((run) => [
      `FerretDB ${run.label}, commit-sized documents`,
      run.writers,
      run.docsPerSecond,
      run.latency ? `${run.latency.p50Ms} / ${run.latency.p99Ms}` : '-',
      '',
    ]),
  ]);
};

export const mixedTables = (bench: MixedBenchmark): string => {
  const [before, after] = bench.targets;
  const parts = [setupTable(bench), ''];
  if (before && after)
    for (const run of after.runs) parts.push(`c=${run.connections}, ${bench.durationSec} s:`, comparison(before, after, run.connections), '');
  parts.push(cpuTable(bench), '', floorTable(bench));
  return parts.join('\n');
};

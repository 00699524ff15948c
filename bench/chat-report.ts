import type { ChatBenchmark, ChatDeliveryRun, ChatRunCpu, HistoryRun } from './chat';
import type { Latency } from './measure';
import { table } from './report';

const lat = (latency: Latency) => `${latency.p50Ms} / ${latency.p99Ms}`;
const errorsOf = (run: HistoryRun) => run.result.non2xx + run.result.errors + run.result.timeouts;
const cpuOf = (cpu: ChatRunCpu) =>
  `${cpu.percentOfOneCore.nodeA} / ${cpu.percentOfOneCore.nodeB} / ${cpu.percentOfOneCore.ferretdb} / ${cpu.percentOfOneCore.redis} / ${cpu.percentOfOneCore.loadClients}`;

const historyTable = (bench: ChatBenchmark): string => {
  const floorOf = (run: HistoryRun) =>
    bench.history.find((other) => other.target === 'floor' && other.scenario === run.scenario && other.result.connections === run.result.connections)!;
  return table([
    [
      'history page (50 messages)',
      'c',
      'system req/s',
      'p50 / p99 ms',
      'floor req/s',
      'floor p50 / p99 ms',
      'errors sys / floor',
      'CPU ms/req sys / floor',
      'other CPU %',
    ],
    ...bench.history
      .filter((run) => run.target === 'system')
      .map((run) => {
        const floor = floorOf(run);
        return [
          run.scenario,
          run.result.connections,
          run.result.perSecond,
          lat(run.result.latency),
          floor.result.perSecond,
          lat(floor.result.latency),
          `${errorsOf(run)} / ${errorsOf(floor)}`,
          `${run.serverCpuMsPerRequest} / ${floor.serverCpuMsPerRequest}`,
          `${run.cpu.otherPercent} / ${floor.cpu.otherPercent}`,
        ];
      }),
  ]);
};

const deliveryTable = (bench: ChatBenchmark): string =>
  table([
    [
      'delivery',
      'msg/s',
      'messages',
      'POST→answer p50 / p99 ms',
      'POST→message received p50 / p99 ms',
      'max ms',
      'not accepted',
      'missing',
      'CPU % node A / node B / ferretdb / redis / clients',
      'other CPU %',
    ],
    ...bench.delivery.runs.map((run) => [
      run.target,
      run.ratePerSecond,
      run.result.messages,
      lat(run.result.answered),
      lat(run.result.delivery),
      run.result.delivery.maxMs,
      run.result.messages - (run.result.statuses['200'] ?? 0),
      run.result.missing,
      cpuOf(run.cpu),
      run.cpu.otherPercent,
    ]),
  ]);

const stagesOf = (run: ChatDeliveryRun): string => {
  const { stages } = run;
  if (!stages) return '';
  const statuses = Object.entries(run.result.statuses)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  return [
    `system at ${run.ratePerSecond} msg/s: answers ${statuses}`,
    ...Object.entries(run.warnings ?? {}).map(([msg, count]) => `  logged ${count} times: "${msg}"`),
    `  split where the message entered the log (${stages.messagesFound} found; ms clocks): POST sent → in the log p50 / p99 ${lat(stages.sentToLog)} ms; answer → in the log ${lat(stages.answeredToLog)} ms; in the log → message received ${lat(stages.logToReceiver)} ms`,
    `  in the log but never received: ${stages.neverReceived}, of which passed over (a later message in the log was received): ${stages.passedOver}`,
  ].join('\n');
};

export const chatTables = (bench: ChatBenchmark): string => {
  const { store } = bench;
  return [
    `store: ${store.events} events (${store.users} users; conversations of ${store.depth} and ${store.smallDepth} messages) in ${store.logDocs} log documents, seeded in ${store.seedMs} ms; projections at the head ${bench.projectionsCaughtUpMs} ms after start`,
    ...bench.pages.map((page) => `page "${page.scenario}": ${page.messages} messages, positions ${page.positions.join('..')}, ${page.bytes} bytes of JSON`),
    '',
    historyTable(bench),
    '',
    `delivery: ${bench.delivery.pairs} sender/receiver pairs in turn, ${bench.delivery.durationSec} s per rate, open loop; POST to node A, receivers' sockets on node B:`,
    deliveryTable(bench),
    ...bench.delivery.runs.map(stagesOf).filter(Boolean),
  ].join('\n');
};

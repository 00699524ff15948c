import { availableParallelism } from 'node:os';
import { findLogHead } from '@infrastructure/event-store/log-documents';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { historyPageKey, startChatFloorServer, type ChatFloorServer } from './chat-floor';
import { startChatLoadClient, type ChatDeliveryResult, type ChatLoadClient, type ChatPair } from './chat-load-clients';
import { seedChatStore, type ChatStore, type ChatUser } from './chat-seed';
import { chatStages, type ChatStages } from './chat-stages';
import { startApiNode, type ApiNode } from './chat-system';
import type { BenchContext } from './context';
import { SEEDED_PASSWORD } from './feeds-seed';
import { prepareStores, signIn, startSystemUnderTest, waitForProjections, type Stores, type SystemUnderTest } from './feeds-system';
import { startLoadClients, type HttpRequest, type HttpResult, type LoadClients } from './load-clients';
import { cpuMsOfPid, cpuShare, machineCpu, round, sampleCpu, type CpuSources } from './measure';

const PAGE_SIZE = 50;
/** Messages of the small conversation: one whole page, so that every history scenario reads pages of the same size. */
const SMALL_DEPTH = PAGE_SIZE;
const WARMUP_SECONDS = 3;
/** Delivery warm-up: every pair's conversation exists and each process has loaded its streams before the timed runs. */
const WARMUP_RATE = 10;
const DELIVERY_SETTLE_MS = 60_000;
const PROJECTIONS_TIMEOUT_MS = 20 * 60 * 1000;

export type ChatRunCpu = Readonly<{
  /** In % of one core over the run: node A (this process: api and worker roles, and the floor), node B, Redis, FerretDB, the load clients. */
  percentOfOneCore: Readonly<{ nodeA: number; nodeB: number; redis: number; ferretdb: number; loadClients: number }>;
  machineBusyPercent: number;
  /** Busy CPU of the machine not used by the processes above, in % of all cores. */
  otherPercent: number;
}>;

export type HistoryScenario = Readonly<{ label: string; conversationMessages: number; path: string; expectedPositions: [first: number, last: number] }>;

export type HistoryRun = Readonly<{
  scenario: string;
  target: 'system' | 'floor';
  result: HttpResult;
  cpu: ChatRunCpu;
  /** CPU of the process that answered (node B for the system, this process for the floor), per request. */
  serverCpuMsPerRequest: number;
}>;

export type ChatDeliveryRun = Readonly<{
  target: 'system' | 'floor';
  ratePerSecond: number;
  result: Omit<ChatDeliveryResult, 'perMessage'>;
  cpu: ChatRunCpu;
  stages?: ChatStages;
  /** Warnings the two processes logged during the run, by message. */
  warnings?: Record<string, number>;
}>;

export type ChatBenchmark = Readonly<{
  store: Omit<ChatStore, 'users' | 'pairs' | 'reader' | 'deepPartner' | 'smallPartner'> & Readonly<{ users: number; pairs: number }>;
  projectionsCaughtUpMs: number;
  /** The first page a scenario answered with: its size and the positions it holds, checked against the scenario. */
  pages: Array<Readonly<{ scenario: string; messages: number; bytes: number; positions: [number, number] }>>;
  history: HistoryRun[];
  delivery: Readonly<{ durationSec: number; pairs: number; runs: ChatDeliveryRun[] }>;
}>;

type Setup = Readonly<{
  ctx: BenchContext;
  stores: Stores;
  sut: SystemUnderTest;
  nodeB: ApiNode;
  floor: ChatFloorServer;
  http: LoadClients;
  chat: ChatLoadClient;
  sources: CpuSources;
}>;

/** Runs `work` and says how much CPU each process took meanwhile. */
const withCpu = async <R>(setup: Setup, work: () => Promise<R>): Promise<{ result: R; cpu: ChatRunCpu }> => {
  const { sources, nodeB, http, chat } = setup;
  const loadClientsMs = () => cpuMsOfPid(http.pid) + cpuMsOfPid(chat.pid);
  const [machineFrom, oursFrom, nodeBFrom, clientsFrom] = [machineCpu(), sampleCpu(sources), cpuMsOfPid(nodeB.pid), loadClientsMs()];
  const result = await work();
  const [machineTo, oursTo, nodeBTo, clientsTo] = [machineCpu(), sampleCpu(sources), cpuMsOfPid(nodeB.pid), loadClientsMs()];
  const share = cpuShare(oursFrom, oursTo);
  const percent = (ms: number) => round((ms / (oursTo.at - oursFrom.at)) * 100, 0);
  const [nodeBPercent, loadClients] = [percent(nodeBTo - nodeBFrom), percent(clientsTo - clientsFrom)];
  const machineBusyPercent = round(((machineTo.busy - machineFrom.busy) / Math.max(1, machineTo.total - machineFrom.total)) * 100, 0);
  const ours = (share.node + nodeBPercent + share.redis + share.ferretdb + loadClients) / availableParallelism();
  return {
    result,
    cpu: {
      percentOfOneCore: { nodeA: share.node, nodeB: nodeBPercent, redis: share.redis, ferretdb: share.ferretdb, loadClients },
      machineBusyPercent,
      otherPercent: Math.max(0, round(machineBusyPercent - ours, 0)),
    },
  };
};

const historyScenarios = (store: ChatStore): HistoryScenario[] => {
  const deep = (query: string) => `/api/v1/chat/message/user/${store.deepPartner.userId}?limit=${PAGE_SIZE}${query}`;
  const middle = Math.floor(store.depth / 2) + 1;
  return [
    {
      label: `${store.smallDepth} messages, newest page`,
      conversationMessages: store.smallDepth,
      path: `/api/v1/chat/message/user/${store.smallPartner.userId}?limit=${PAGE_SIZE}`,
      expectedPositions: [1, store.smallDepth],
    },
    { label: `${store.depth} messages, oldest page (?before=51)`, conversationMessages: store.depth, path: deep('&before=51'), expectedPositions: [1, 50] },
    {
      label: `${store.depth} messages, ?before=${middle}`,
      conversationMessages: store.depth,
      path: deep(`&before=${middle}`),
      expectedPositions: [middle - PAGE_SIZE, middle - 1],
    },
    {
      label: `${store.depth} messages, newest page`,
      conversationMessages: store.depth,
      path: deep(''),
      expectedPositions: [store.depth - PAGE_SIZE + 1, store.depth],
    },
  ];
};

type Page = Readonly<{ message: string; messages: Array<Record<string, unknown> & { position: number }> }>;

/** Reads each scenario's page from node B as the reader, checks that it holds the positions it should, and keeps it for the floor. */
const capturePages = async (nodeB: ApiNode, readerToken: string, scenarios: readonly HistoryScenario[]) => {
  const pages = new Map<string, unknown>();
  const summaries: ChatBenchmark['pages'] = [];
  for (const scenario of scenarios) {
    const response = await fetch(`${nodeB.baseUrl}${scenario.path}`, { headers: { authorization: `Bearer ${readerToken}` } });
    if (response.status !== 200) throw new Error(`GET ${scenario.path}: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as Page;
    const positions: [number, number] = [page.messages[0]?.position ?? 0, page.messages.at(-1)?.position ?? 0];
    if (page.messages.length !== PAGE_SIZE || positions[0] !== scenario.expectedPositions[0] || positions[1] !== scenario.expectedPositions[1])
      throw new Error(
        `${scenario.label}: ${page.messages.length} messages at positions ${positions.join('..')}, expected ${scenario.expectedPositions.join('..')}`,
      );
    pages.set(historyPageKey(`Bearer ${readerToken}`, scenario.path), page);
    summaries.push({ scenario: scenario.label, messages: page.messages.length, bytes: Buffer.byteLength(JSON.stringify(page)), positions });
  }
  return { pages, summaries };
};

/** Every scenario at every concurrency, the floor then the system (node B), the same requests for both. */
const historyRuns = async (setup: Setup, readerToken: string, scenarios: readonly HistoryScenario[]): Promise<HistoryRun[]> => {
  const { ctx, nodeB, floor, http } = setup;
  const { chatSeconds, chatConnections } = ctx.options;
  const requestsOf = (scenario: HistoryScenario): HttpRequest[] => [
    { method: 'GET', path: scenario.path, headers: { authorization: `Bearer ${readerToken}` } },
  ];
  for (const url of [floor.baseUrl, nodeB.baseUrl])
    await http.http({ url, connections: 10, durationSec: WARMUP_SECONDS, requests: scenarios.flatMap(requestsOf) });
  const runs: HistoryRun[] = [];
  for (const scenario of scenarios)
    for (const connections of chatConnections)
      for (const [target, url] of [
        ['floor', floor.baseUrl],
        ['system', nodeB.baseUrl],
      ] as const) {
        const { result, cpu } = await withCpu(setup, () => http.http({ url, connections, durationSec: chatSeconds, requests: requestsOf(scenario) }));
        const serverPercent = target === 'system' ? cpu.percentOfOneCore.nodeB : cpu.percentOfOneCore.nodeA;
        const serverCpuMsPerRequest = round(((serverPercent / 100) * result.durationSec * 1000) / Math.max(1, result.requests), 3);
        runs.push({ scenario: scenario.label, target, result, cpu, serverCpuMsPerRequest });
        ctx.log(
          `   ${scenario.label}, ${target}, c=${connections}: ${result.perSecond}/s, p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms, non-2xx ${result.non2xx}`,
        );
      }
  return runs;
};

const warningsSince = (before: ReadonlyMap<string, number>, now: ReadonlyMap<string, number>): Record<string, number> =>
  Object.fromEntries([...now].map(([msg, count]) => [msg, count - (before.get(msg) ?? 0)]).filter(([, count]) => count !== 0));

/**
 * At each rate, the floor then the system: POSTs to node A (this process for the floor), `message received` awaited at
 * each receiver's socket on node B. The system's projections are at the head of the log before each run.
 */
const deliveryRuns = async (setup: Setup, pairs: readonly ChatPair[]): Promise<ChatDeliveryRun[]> => {
  const { ctx, sut, nodeB, floor, chat } = setup;
  const { chatRates, chatSeconds } = ctx.options;
  const targets = [
    ['floor', floor.baseUrl],
    ['system', sut.baseUrl],
  ] as const;
  const job = { socketUrl: nodeB.baseUrl, pairs: [...pairs], settleMs: DELIVERY_SETTLE_MS };
  const warningCounts = () =>
    new Map<string, number>([
      ...[...sut.warnings].map(([msg, count]) => [`node A: ${msg}`, count] as const),
      ...[...nodeB.warnings].map(([msg, count]) => [`node B: ${msg}`, count] as const),
    ]);
  for (const [, postUrl] of targets) await chat.delivery({ ...job, postUrl, ratePerSecond: WARMUP_RATE, durationSec: 2 });
  const runs: ChatDeliveryRun[] = [];
  for (const ratePerSecond of chatRates)
    for (const [target, postUrl] of targets) {
      await waitForProjections(sut, PROJECTIONS_TIMEOUT_MS);
      const logHead = await findLogHead(sut.db);
      const warningsBefore = warningCounts();
      const { result, cpu } = await withCpu(setup, () => chat.delivery({ ...job, postUrl, ratePerSecond, durationSec: chatSeconds }));
      const { perMessage: _perMessage, ...summary } = result;
      const system = target === 'system';
      runs.push({
        target,
        ratePerSecond,
        result: summary,
        cpu,
        stages: system ? await chatStages(sut.db, logHead.docNo, result) : undefined,
        warnings: system ? warningsSince(warningsBefore, warningCounts()) : undefined,
      });
      const failed = result.messages - (result.statuses['200'] ?? 0);
      ctx.log(
        `   ${ratePerSecond} msg/s, ${target}: POST→message received p50 ${result.delivery.p50Ms} ms, p99 ${result.delivery.p99Ms} ms; not accepted ${failed}, missing ${result.missing}`,
      );
    }
  return runs;
};

const pairOf = (tokens: ReadonlyMap<string, string>, sender: ChatUser, receiver: ChatUser): ChatPair => ({
  senderToken: tokens.get(sender.userId)!,
  receiverToken: tokens.get(receiver.userId)!,
  receiverId: receiver.userId,
  receiverUsername: receiver.username,
});

/**
 * Chat on the whole system with two api processes (see docs/performance.md): node A runs the api and worker roles in
 * this process, as `npm start` does, and node B is the real entry point with `ROLE=api` in a child process, on the same
 * database and Redis. History pages over HTTP from node B at depths from one page to `--chat-depth` messages, and the
 * time from `POST /chat/message` on node A to `message received` at a socket on node B at fixed rates, each beside a
 * bare Express route and a bare Socket.IO emit through the same Redis adapter to the same node B.
 */
export const chatBenchmark = async (ctx: BenchContext): Promise<ChatBenchmark> => {
  const { options } = ctx;
  const database = `${ctx.runId}_chat`;
  const stores = await prepareStores(ctx.mongoUrl, database);
  let sut: SystemUnderTest | undefined;
  let nodeB: ApiNode | undefined;
  let floor: ChatFloorServer | undefined;
  let http: LoadClients | undefined;
  let chat: ChatLoadClient | undefined;
  try {
    ctx.log(`   seeding ${2 * options.chatPairs + 3} users and a conversation of ${options.chatDepth} messages`);
    const shape = { pairs: options.chatPairs, depth: options.chatDepth, smallDepth: SMALL_DEPTH, docEvents: options.seedDocEvents };
    const store = await seedChatStore(stores.db, eventCatalog(), shape, new Date());
    ctx.log(`   ${store.events} events in ${store.logDocs} log documents (${store.seedMs} ms); starting node A and node B`);
    sut = await startSystemUnderTest(stores, ctx.mongoUrl, database);
    nodeB = await startApiNode(sut, stores);
    const projectionsCaughtUpMs = await waitForProjections(sut, PROJECTIONS_TIMEOUT_MS);
    ctx.log(`   projections at the head after ${projectionsCaughtUpMs} ms`);

    const tokens = new Map<string, string>();
    for (const user of store.users) tokens.set(user.userId, await signIn(sut.baseUrl, user.username, SEEDED_PASSWORD));
    const readerToken = tokens.get(store.reader.userId)!;
    const scenarios = historyScenarios(store);
    const { pages, summaries } = await capturePages(nodeB, readerToken, scenarios);
    const sampleMessage = (pages.values().next().value as Page).messages.at(-1)!;
    floor = await startChatFloorServer(stores.redis.url, pages, sampleMessage);
    http = await startLoadClients();
    chat = await startChatLoadClient();
    const sources: CpuSources = { ferretdbPid: ctx.cpu.ferretdbPid, redisPid: stores.redis.pid, postgres: false };
    const setup: Setup = { ctx, stores, sut, nodeB, floor, http, chat, sources };

    const history = await historyRuns(setup, readerToken, scenarios);
    const delivery = await deliveryRuns(
      setup,
      store.pairs.map(({ sender, receiver }) => pairOf(tokens, sender, receiver)),
    );
    const { users, pairs, reader: _reader, deepPartner: _deep, smallPartner: _small, ...figures } = store;
    return {
      store: { ...figures, users: users.length, pairs: pairs.length },
      projectionsCaughtUpMs,
      pages: summaries,
      history,
      delivery: { durationSec: options.chatSeconds, pairs: pairs.length, runs: delivery },
    };
  } finally {
    await chat?.stop();
    await http?.stop();
    await floor?.stop();
    await nodeB?.stop();
    await sut?.system.stop();
    await stores.stop();
  }
};

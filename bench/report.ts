import type { AppendBenchmark } from './appends';
import type { LatencyBenchmark } from './latency';
import type { Latency } from './measure';
import type { RebuildBenchmark } from './rebuild';

/** A plain-text table: the first row is the header; numbers are right-aligned. */
export const table = (rows: ReadonlyArray<ReadonlyArray<string | number>>): string => {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const numeric = rows[1]?.map((cell) => typeof cell === 'number') ?? [];
  const line = (row: string[]) => row.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [line(cells[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
};

const formatNumber = (value: number): string => {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
};

const lat = (latency: Latency | undefined) => (latency ? `${formatNumber(latency.p50Ms)} / ${formatNumber(latency.p99Ms)}` : '-');
const latMax = (latency: Latency) => `${formatNumber(latency.p50Ms)} / ${formatNumber(latency.maxMs)}`;

export const appendTables = (bench: AppendBenchmark): string => {
  const store = table([
    [
      'run',
      'writers',
      'streams',
      'appends',
      'appends/s',
      'to log/s',
      'log tail ms',
      'p50 / p99 ms',
      'conflicts',
      'cmds/append',
      'events/log doc',
      'CPU % node / ferretdb / pg',
    ],
    ...bench.runs.map((run) => [
      run.contended ? 'contended' : 'distinct streams',
      run.writers,
      run.streams,
      run.appends,
      run.appendsPerSecond,
      run.endToEndPerSecond,
      run.logTailMs,
      lat(run.latency),
      `${run.conflicts.inboxDuplicateKeys + run.conflicts.bucketDuplicateKeys}${run.conflicts.gaveUpAfterStoreRetries ? ` (${run.conflicts.gaveUpAfterStoreRetries} gave up)` : ''}`,
      run.writerCommandsPerAppend,
      run.sequencer.eventsPerLogDoc,
      `${run.cpuPercentOfOneCore.node} / ${run.cpuPercentOfOneCore.ferretdb} / ${run.cpuPercentOfOneCore.postgres}`,
    ]),
  ]);
  const raw = table([
    ['raw baseline', 'writers', 'docs', 'docs/s', 'p50 / p99 ms', 'CPU % node / ferretdb / pg'],
    ...bench.raw.map((run) => [
      run.label,
      run.writers,
      run.docs,
      run.docsPerSecond,
      lat(run.latency),
      `${run.cpuPercentOfOneCore.node} / ${run.cpuPercentOfOneCore.ferretdb} / ${run.cpuPercentOfOneCore.postgres}`,
    ]),
  ]);
  const checks = bench.runs
    .map(
      (run) =>
        `${run.label}: log ${run.verified.events} events, dense ${run.verified.dense}, unique ids ${run.verified.uniqueEventIds}, stream order ${run.verified.streamOrderKept}`,
    )
    .join('\n');
  return `${store}\n\n${raw}\n(documents of ${bench.docBytes} bytes BSON, the size of a one-event commit)\n\n${checks}`;
};

export const rebuildTables = (bench: RebuildBenchmark): string => {
  const rows = table([
    ['measurement', 'events', 'ms', 'events/s', 'CPU % node / ferretdb / redis / pg'],
    ...[...bench.projection, ...bench.raw].map((rate) => [
      rate.label,
      rate.events,
      rate.ms,
      rate.eventsPerSecond,
      `${rate.cpuPercentOfOneCore.node} / ${rate.cpuPercentOfOneCore.ferretdb} / ${rate.cpuPercentOfOneCore.redis} / ${rate.cpuPercentOfOneCore.postgres}`,
    ]),
  ]);
  const perBatch = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([command, calls]) => `${command} ${calls}`)
      .join(', ');
  const shapes = table([
    ['events per log doc', 'events', 'log docs', 'readAfter events/s', 'mean findOne ms per log doc'],
    ...bench.logShapes.map((shape) => [shape.eventsPerDoc, shape.events, shape.logDocs, shape.readAfterEventsPerSecond, shape.meanDocReadMs]),
  ]);
  return [
    `log: ${bench.logEvents} events in ${bench.logDocs} log documents; batch ${bench.batchSize}; ${bench.writesPerEvent} writes per event`,
    rows,
    '',
    shapes,
    '',
    `per batch of the first build: Redis ${perBatch(bench.redisCallsPerBatch)}`,
    ...(['firstBuild', 'rebuild'] as const).map(
      (phase) =>
        `per batch of the ${phase === 'firstBuild' ? 'first build' : 'rebuild'}: FerretDB ${Object.entries(bench.mongoCommandsPerBatch[phase])
          .map(([label, stats]) => `${label} ${stats.perBatch} (mean ${stats.meanMs} ms)`)
          .join(', ')}`,
    ),
    `verified: checkpoint ${bench.verified.checkpoint}, counted ${bench.verified.totalCounted}; after the rebuild generation ${bench.verified.activeAfterRebuild} is live at ${bench.verified.rebuiltCheckpoint}, counted ${bench.verified.rebuiltTotal}`,
  ].join('\n');
};

export const latencyTables = (bench: LatencyBenchmark): string => {
  const store = table([
    [
      'store commits',
      'commits/bucket',
      'append p50',
      'p90',
      'p99',
      'max',
      'mean',
      'plain docs',
      'insertOne p50 / p99',
      'findOne hit p50 / max',
      'findOne miss p50 / max',
    ],
    ...bench.sizes.map((size) => [
      size.storeCommits,
      size.meanCommitsPerBucket,
      size.append.p50Ms,
      size.append.p90Ms,
      size.append.p99Ms,
      size.append.maxMs,
      size.append.meanMs,
      size.raw.plainDocs,
      lat(size.raw.insertOne),
      latMax(size.raw.findOneHit),
      latMax(size.raw.findOneMiss),
    ]),
  ]);
  const labels = [...new Set(bench.sizes.flatMap((size) => Object.keys(size.writerCommandMeanMs)))].sort();
  const commands = table([
    ['writer command (mean ms)', ...bench.sizes.map((size) => `at ${size.storeCommits}`)],
    ...labels.map((label) => [label, ...bench.sizes.map((size) => size.writerCommandMeanMs[label] ?? 0)]),
  ]);
  const verified = `verified: log head ${bench.verified.logHead} (expected ${bench.verified.expectedEvents}), live streams read back intact: ${bench.verified.liveStreamsIntact}`;
  return `${store}\n\n${commands}\n\n${verified}`;
};

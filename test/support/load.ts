/** One request of a load run: who sent it, when it was sent and answered (ms since the epoch), and its status (0: no answer). */
export type Sample = Readonly<{ client: string; sentAt: number; answeredAt: number; status: number; error?: string }>;

export type LoadClient = Readonly<{ name: string; send: (signal: AbortSignal) => Promise<number> }>;

export type Load = Readonly<{
  /** What has been answered so far. */
  samples: () => readonly Sample[];
  /** Stops sending, waits for the requests still in flight, and returns every sample in the order they were sent. */
  stop: () => Promise<Sample[]>;
}>;

/**
 * Sends `ratePerSecond` requests, the clients taking turns, open loop: a slow or hanging answer delays no request
 * after it, as with independent users. A request gets `timeoutMs` to answer (then it counts as status 0).
 */
export const startLoad = (clients: readonly LoadClient[], ratePerSecond: number, timeoutMs = 30_000): Load => {
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  let turn = 0;
  const fire = () => {
    const client = clients[turn++ % clients.length]!;
    const sentAt = Date.now();
    const done = client
      .send(AbortSignal.timeout(timeoutMs))
      .then(
        (status) => samples.push({ client: client.name, sentAt, answeredAt: Date.now(), status }),
        (error: unknown) => samples.push({ client: client.name, sentAt, answeredAt: Date.now(), status: 0, error: String(error) }),
      )
      .then(() => {
        inFlight.delete(done);
      });
    inFlight.add(done);
  };
  const timer = setInterval(fire, 1000 / ratePerSecond);
  return {
    samples: () => samples,
    stop: async () => {
      clearInterval(timer);
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      return [...samples].sort((a, b) => a.sentAt - b.sentAt);
    },
  };
};

export type Run = Readonly<{ ms: number; count: number; startsAt: number | null }>;

/**
 * The longest stretch of consecutive samples (in the order they were sent) that all match: from the first one's
 * sending to the last one's answer, and how many there were.
 */
export const longestRun = (samples: readonly Sample[], matches: (sample: Sample) => boolean): Run => {
  let longest: Run = { ms: 0, count: 0, startsAt: null };
  let run: Sample[] = [];
  const close = () => {
    if (run.length === 0) return;
    const ms = Math.max(...run.map((sample) => sample.answeredAt)) - run[0]!.sentAt;
    if (ms > longest.ms || (ms === longest.ms && run.length > longest.count)) longest = { ms, count: run.length, startsAt: run[0]!.sentAt };
    run = [];
  };
  for (const sample of [...samples].sort((a, b) => a.sentAt - b.sentAt)) {
    if (matches(sample)) run.push(sample);
    else close();
  }
  close();
  return longest;
};

/** The longest run of each client's own samples that match (what one user saw), the longest of all clients. */
export const longestRunPerClient = (samples: readonly Sample[], matches: (sample: Sample) => boolean): Run & { client: string | null } => {
  let longest: Run & { client: string | null } = { ms: 0, count: 0, startsAt: null, client: null };
  for (const client of new Set(samples.map((sample) => sample.client))) {
    const run = longestRun(
      samples.filter((sample) => sample.client === client),
      matches,
    );
    if (run.ms > longest.ms) longest = { ...run, client };
  }
  return longest;
};

/**
 * The longest time in [from, to] without an answer that matches `good` (for instance: no signed-in user got a 200),
 * counted between answers.
 */
export const longestGapBetween = (samples: readonly Sample[], good: (sample: Sample) => boolean, from: number, to: number): number => {
  const times = samples
    .filter((sample) => good(sample) && sample.answeredAt >= from && sample.answeredAt <= to)
    .map((sample) => sample.answeredAt)
    .sort((a, b) => a - b);
  let longest = 0;
  let previous = from;
  for (const time of [...times, to]) {
    longest = Math.max(longest, time - previous);
    previous = time;
  }
  return longest;
};

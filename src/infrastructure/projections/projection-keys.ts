/*
 * Every key of a projection shares the hash tag `{name}`, so on Redis Cluster they sit in one slot and a batch's
 * writes, the checkpoint and the lease check still run in one script.
 */
export const projectionKeys = (name: string) => {
  const tag = `{${name}}`;
  return {
    generations: `proj:${tag}:generations`,
    active: `proj:${tag}:active`,
    generationSequence: `proj:${tag}:generation-seq`,
    checkpoint: (generation: number) => `proj:${tag}:g${generation}:checkpoint`,
    lease: (generation: number) => ({ key: `proj:${tag}:g${generation}:lease`, fenceKey: `proj:${tag}:fence` }),
    dataPrefix: (generation: number) => `rm:${tag}:g${generation}:`,
  };
};

export type ProjectionKeys = ReturnType<typeof projectionKeys>;

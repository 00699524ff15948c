import { z } from 'zod';
import { defineEvent } from '@domain/shared';
import { combineContexts, type ContextRuntime } from './context-module';
import { defineJob, registerJob } from './jobs';
import { definePolicy } from './policy';
import { defineProjection } from './projection';
import { defineRealtimeProjection } from './realtime';

type Deps = { tag: string };

const context = (name: string, parts: Partial<ContextRuntime<Deps>> = {}): ContextRuntime<Deps> => ({
  name,
  events: [],
  projections: [],
  policies: () => [],
  realtimeProjections: [],
  jobs: () => [],
  ...parts,
});
const job = (name: string) => registerJob(defineJob(name, z.object({})), async () => undefined);

describe('combining the contexts', () => {
  it('gathers every context part, and builds policies and jobs with the dependencies', () => {
    const combined = combineContexts<Deps>([
      context('a', { events: [defineEvent('AHappened', 1, z.object({}))], projections: [defineProjection('a.view', 1, {})], jobs: () => [job('a.send')] }),
      context('b', { policies: (deps) => [definePolicy(`b.${deps.tag}`, {})], realtimeProjections: [defineRealtimeProjection('b.realtime', [], {})] }),
    ]);
    expect(combined.events.map((event) => event.type)).toEqual(['AHappened']);
    expect(combined.projections.map((projection) => projection.name)).toEqual(['a.view']);
    expect(combined.policies({ tag: 'mail' }).map((policy) => policy.name)).toEqual(['b.mail']);
    expect(combined.realtimeProjections.map((projection) => projection.name)).toEqual(['b.realtime']);
    expect(combined.jobs({ tag: 'x' }).map((registration) => registration.job.name)).toEqual(['a.send']);
  });

  it('stops start-up when two log consumers share a name, whatever their kinds', () => {
    expect(() =>
      combineContexts([
        context('a', { projections: [defineProjection('same', 1, {})] }),
        context('b', { realtimeProjections: [defineRealtimeProjection('same', [], {})] }),
      ]),
    ).toThrow('Two log consumers are named "same": each name must be unique (check the context modules).');
    const withPolicy = combineContexts<Deps>([
      context('a', { projections: [defineProjection('same', 1, {})] }),
      context('b', { policies: () => [definePolicy('same', {})] }),
    ]);
    expect(() => withPolicy.policies({ tag: 'x' })).toThrow('Two log consumers are named "same"');
  });

  it('stops start-up when two jobs, two event types or two contexts share a name', () => {
    expect(() =>
      combineContexts<Deps>([context('a', { jobs: () => [job('mail.send')] }), context('b', { jobs: () => [job('mail.send')] })]).jobs({ tag: 'x' }),
    ).toThrow('Two jobs are named "mail.send"');
    const event = defineEvent('Happened', 1, z.object({}));
    expect(() => combineContexts([context('a', { events: [event] }), context('b', { events: [event] })])).toThrow('Two event types are named "Happened"');
    expect(() => combineContexts([context('a'), context('a')])).toThrow('Two contexts are named "a"');
  });
});

export * from './command';
export * from './decider';
export * from './errors';
export * from './event';

export * from './relationship';

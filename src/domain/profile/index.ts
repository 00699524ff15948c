export * from './images';
export * from './profile';

export * from './complaint';
export * from './consultation';

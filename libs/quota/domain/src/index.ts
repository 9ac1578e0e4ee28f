export * from './japan-days';
export * from './daily-count';

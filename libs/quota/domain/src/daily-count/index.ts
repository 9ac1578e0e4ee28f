export * from './daily-count.state';
export * from './daily-count.errors';
export * from './daily-count.policies';

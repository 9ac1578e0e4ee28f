export * from './daily-quota.commands';
export * from './daily-quota.events';
export * from './daily-quota.state';
export * from './daily-quota.errors';
export * from './daily-quota.policies';
export * from './daily-quota.decider';

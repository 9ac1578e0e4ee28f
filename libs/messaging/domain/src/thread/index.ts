export * from './thread.commands';
export * from './thread.events';
export * from './thread.state';
export * from './thread.errors';
export * from './thread.policies';
export * from './thread.decider';

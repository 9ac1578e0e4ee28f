export * from './credential.events';
export * from './credential.commands';
export * from './credential.state';
export * from './credential.errors';
export * from './credential.policies';
export * from './credential.decider';

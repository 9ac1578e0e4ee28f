export * from './consultation.events';
export * from './consultation.commands';
export * from './consultation.errors';
export * from './consultation.state';
export * from './consultation.policies';
export * from './consultation.decider';

export * from './complaint.events';
export * from './complaint.commands';
export * from './complaint.errors';
export * from './complaint.state';
export * from './complaint.policies';
export * from './complaint.decider';

export * from './eligibility';
export * from './seeker.commands';
export * from './seeker.events';
export * from './seeker.state';
export * from './seeker.errors';
export * from './seeker.policies';
export * from './seeker.decider';
export * from './profile-codes';

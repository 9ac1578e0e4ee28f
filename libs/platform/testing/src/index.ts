export * from './infra';
export * from './decider-spec';

export * from './infra';
export * from './decider-spec';
export * from './wait';
export * from './schema';
export * from './pg';
export * from './http';
export * from './recorded';

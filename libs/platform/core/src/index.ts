export * from './ids';
export * from './clock';
export * from './events';
export * from './errors';
export * from './decider';
export * from './grow-only-set';
export * from './bounded-map';
export * from './sealing';

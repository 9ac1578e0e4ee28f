export * from './send.state';
export * from './send.errors';
export * from './send.policies';

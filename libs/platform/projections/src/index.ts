export * from './read-db';
export * from './platform-tables';
export * from './runner-support';
export * from './checkpointed-subscriber';
export * from './projection-runner';
export * from './inbox-consumer';
export * from './relay';

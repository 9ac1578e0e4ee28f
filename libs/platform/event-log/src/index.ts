export * from './event-log.port';
export * from './log-subscription';
export * from './log-adapter';
export * from './sqlite-event-log';
export * from './esdb-event-log';
export * from './command-handler';
export * from './stream-folds';
export * from './platform-clock';
/** An in-memory model of the KurrentDB client, for other libraries' tests of code over EsdbEventLog (no server). */
export { EsdbClientModel } from './testing/esdb-client-model';
export * from './decorated-event-log';

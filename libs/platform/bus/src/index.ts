export * from './bus.port';
export * from './in-process-bus';
export * from './kafka-bus';
export * from './translate';
export * from './handlers-by-type';

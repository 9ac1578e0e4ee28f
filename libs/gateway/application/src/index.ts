export * from './gateway.module';
export * from './gateway.config';
export { gatewayConsumers, SOURCES, consumerName } from './consumers';
export { GATEWAY_TABLES } from './migrations';

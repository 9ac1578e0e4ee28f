export * from './messaging.module';
export * from './messaging.service';
export * from './translate';
export * from './derived-ids';
export { SendMessageDto } from './dto';
// Read models and consumers, for tests that run them outside the service (e.g. every projection's poisoned-event spec).
export { MESSAGING_ENTITIES } from './entities';
export { MESSAGING_MIGRATIONS } from './migrations';
export { threadsProjection } from './threads.projection';
export { erasureConsumer } from './erasure.consumer';
export { disclosuresConsumer } from './disclosures.consumer';

export * from './messaging.module';
export * from './messaging.service';
export * from './translate';
export * from './derived-ids';
export { SendMessageDto } from './dto';

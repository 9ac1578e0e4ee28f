export * from './daily-quota';
export * from './send-policies';
export * from './thread';

import { MessageQuotaReservedLogV1 } from '@hw/messaging/contracts';

/** The recorded reservation is the published log-level contract itself: quota's projection folds these events as written (R-MSG-2). */
export type MessageQuotaReservedData = MessageQuotaReservedLogV1;

export type DailyQuotaEvent = { type: 'MessageQuotaReserved'; data: MessageQuotaReservedData };

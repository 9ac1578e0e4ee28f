export interface MessageQuotaReservedData {
  registrationId: string;
  /** yyyymmdd, Japan time. */
  day: string;
  messageId: string;
  departmentId: string;
  userId: string;
  /** 1-based place of this message in the day's count. */
  sequence: number;
  limit: number;
  reservedAt: string;
}

export type DailyQuotaEvent = { type: 'MessageQuotaReserved'; data: MessageQuotaReservedData };

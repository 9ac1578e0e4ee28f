export interface ReserveMessageQuota {
  type: 'ReserveMessageQuota';
  data: { registrationId: string; messageId: string; departmentId: string; userId: string; limit: number; at: Date };
}
export type DailyQuotaCommand = ReserveMessageQuota;

/**
 * Organisations' registrations: registration's public integration events (topic `registration`,
 * key `registration-<registrationId>`). No personal data: officers' names and contacts are NOT
 * here. An event carries `complaintOfficerVersion`, and registration serves the officer as
 * approved at that version: `GET /registrations/:registrationId/complaint-officer/:version`
 * (R-ORG-7, R-MSG-4). Permit numbers and local government codes are public.
 */
/** The kinds of organisation (R-ORG-3, R-ORG-4): declared once here, the owner; every context imports it. */
export type OrganisationKind = 'private-paid' | 'private-free' | 'local-government';
export type RegistrationCategoryV1 = 'own' | 'joint';

export interface RegistrationApprovedV1 {
  registrationId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  category: RegistrationCategoryV1;
  /** Two-digit prefecture code of the main office: the bureau that decides (R-ORG-2). */
  prefecture: string;
  permitNumber?: string;
  localGovernmentCode?: string;
  /** Department / office ids acting under the registration, and a joint registration's contractor ids. */
  departmentIds: string[];
  contractors: Array<{ contractorId: string; permitNumber: string }>;
  usagePeriodEndsAt: string;
  complaintOfficerVersion: number;
  approvedAt: string;
}

/** R-ORG-1: a registration may search or message only while `active`. */
export interface RegistrationStatusChangedV1 {
  registrationId: string;
  status: 'active' | 'suspended' | 'terminated' | 'expired';
  reason: string;
  /** A sanction's end date, when it has one. */
  until?: string;
  /** R-CMP-5: the complaint whose sanction this change carries out (complaints.SanctionDecided.v1). */
  complaintId?: string;
  at: string;
}

/** An approved change application: officers, departments or contractors (R-ORG-5, R-ORG-7). */
export interface RegistrationChangedV1 {
  registrationId: string;
  category: RegistrationCategoryV1;
  departmentIds: string[];
  contractors: Array<{ contractorId: string; permitNumber: string }>;
  complaintOfficerVersion: number;
  changedAt: string;
}

export interface RegistrationRenewedV1 {
  registrationId: string;
  usagePeriodEndsAt: string;
  renewedAt: string;
}

/** R-ORG-9 (for R-MSG-6c): a paid-service notification is on file. */
export interface PaidServiceNotificationFiledV1 {
  registrationId: string;
  notificationId: string;
  kind: string;
  price: number;
  filedAt: string;
}

export const RegistrationLifecycleEvents = {
  RegistrationApproved: 'registration.RegistrationApproved.v1',
  RegistrationStatusChanged: 'registration.RegistrationStatusChanged.v1',
  RegistrationChanged: 'registration.RegistrationChanged.v1',
  RegistrationRenewed: 'registration.RegistrationRenewed.v1',
  PaidServiceNotificationFiled: 'registration.PaidServiceNotificationFiled.v1',
} as const;

export type RegistrationLifecycleIntegrationEvent =
  | { type: typeof RegistrationLifecycleEvents.RegistrationApproved; data: RegistrationApprovedV1 }
  | { type: typeof RegistrationLifecycleEvents.RegistrationStatusChanged; data: RegistrationStatusChangedV1 }
  | { type: typeof RegistrationLifecycleEvents.RegistrationChanged; data: RegistrationChangedV1 }
  | { type: typeof RegistrationLifecycleEvents.RegistrationRenewed; data: RegistrationRenewedV1 }
  | { type: typeof RegistrationLifecycleEvents.PaidServiceNotificationFiled; data: PaidServiceNotificationFiledV1 };

const uuid = { type: 'string', format: 'uuid' };
const instant = { type: 'string', format: 'date-time' };
const prefecture = { type: 'string', pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])$' };
const permitNumber = { type: 'string', pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])-(ユ|ム)-[0-9]{6}$' };
const contractors = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['contractorId', 'permitNumber'],
    properties: { contractorId: { type: 'string' }, permitNumber },
  },
};
const departmentIds = { type: 'array', items: { type: 'string' } };
const version = {
  type: 'integer',
  minimum: 0,
  description: 'stream revision that approved the complaint officer; GET /registrations/:id/complaint-officer/:version',
};

/** JSON Schemas (draft 2020-12), one per event, for the AsyncAPI catalogue and consumers' checks. */
export const registrationLifecycleSchemas: Record<string, object> = {
  [RegistrationLifecycleEvents.RegistrationApproved]: {
    $id: RegistrationLifecycleEvents.RegistrationApproved,
    type: 'object',
    additionalProperties: false,
    required: [
      'registrationId',
      'organisationId',
      'organisationKind',
      'category',
      'prefecture',
      'departmentIds',
      'contractors',
      'usagePeriodEndsAt',
      'complaintOfficerVersion',
      'approvedAt',
    ],
    properties: {
      registrationId: uuid,
      organisationId: uuid,
      organisationKind: { enum: ['private-paid', 'private-free', 'local-government'] },
      category: { enum: ['own', 'joint'] },
      prefecture,
      permitNumber,
      localGovernmentCode: { type: 'string', pattern: '^[0-9]{6}$' },
      departmentIds,
      contractors,
      usagePeriodEndsAt: instant,
      complaintOfficerVersion: version,
      approvedAt: instant,
    },
  },
  [RegistrationLifecycleEvents.RegistrationStatusChanged]: {
    $id: RegistrationLifecycleEvents.RegistrationStatusChanged,
    type: 'object',
    additionalProperties: false,
    required: ['registrationId', 'status', 'reason', 'at'],
    properties: {
      registrationId: uuid,
      status: { enum: ['active', 'suspended', 'terminated', 'expired'] },
      reason: { type: 'string' },
      until: instant,
      complaintId: { type: 'string', format: 'uuid', description: 'R-CMP-5: the complaint whose sanction this carries out' },
      at: instant,
    },
  },
  [RegistrationLifecycleEvents.RegistrationChanged]: {
    $id: RegistrationLifecycleEvents.RegistrationChanged,
    type: 'object',
    additionalProperties: false,
    required: ['registrationId', 'category', 'departmentIds', 'contractors', 'complaintOfficerVersion', 'changedAt'],
    properties: {
      registrationId: uuid,
      category: { enum: ['own', 'joint'] },
      departmentIds,
      contractors,
      complaintOfficerVersion: version,
      changedAt: instant,
    },
  },
  [RegistrationLifecycleEvents.RegistrationRenewed]: {
    $id: RegistrationLifecycleEvents.RegistrationRenewed,
    type: 'object',
    additionalProperties: false,
    required: ['registrationId', 'usagePeriodEndsAt', 'renewedAt'],
    properties: { registrationId: uuid, usagePeriodEndsAt: instant, renewedAt: instant },
  },
  [RegistrationLifecycleEvents.PaidServiceNotificationFiled]: {
    $id: RegistrationLifecycleEvents.PaidServiceNotificationFiled,
    type: 'object',
    additionalProperties: false,
    required: ['registrationId', 'notificationId', 'kind', 'price', 'filedAt'],
    properties: {
      registrationId: uuid,
      notificationId: uuid,
      kind: { type: 'string', minLength: 1, maxLength: 200 },
      price: { type: 'integer', minimum: 0 },
      filedAt: instant,
    },
  },
};

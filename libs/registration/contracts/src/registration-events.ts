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
  /** The change application approved (`registration.ChangeRequested.v1`); absent from events published before it was added. */
  changeId?: string;
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

/**
 * Requests awaiting the bureau (R-ORG-2) and its refusals, for staff-facing read models (the
 * gateway's queues): ids, kinds, the prefecture and instants. An application names the
 * organisation (a company or a local government: the public register of placement businesses
 * lists it), never an officer; refusals and requests carry no reason text (it could hold anything).
 */
export interface ApplicationSubmittedV1 {
  registrationId: string;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  category: RegistrationCategoryV1;
  /** The prefecture of the main office: its bureau decides (R-ORG-2). */
  prefecture: string;
  permitNumber?: string;
  localGovernmentCode?: string;
  submittedAt: string;
}
export interface ApplicationRejectedV1 {
  registrationId: string;
  rejectedAt: string;
}
/** What a change application changes (R-ORG-5, R-ORG-7), by part: never the officers or contractors themselves. */
export type ChangePartV1 = 'contact-officer' | 'complaint-officer' | 'contractors-added' | 'contractors-removed' | 'departments-added';
export interface ChangeRequestedV1 {
  registrationId: string;
  changeId: string;
  parts: ChangePartV1[];
  requestedAt: string;
}
export interface ChangeRejectedV1 {
  registrationId: string;
  changeId: string;
  rejectedAt: string;
}
export interface RenewalRequestedV1 {
  registrationId: string;
  requestedAt: string;
}
export interface RenewalRejectedV1 {
  registrationId: string;
  rejectedAt: string;
}
/** The organisation asked to be suspended (its own request); the bureau approves it (R-ORG-1, R-ORG-2). */
export interface SuspensionRequestedV1 {
  registrationId: string;
  requestedAt: string;
}

export const RegistrationLifecycleEvents = {
  RegistrationApproved: 'registration.RegistrationApproved.v1',
  RegistrationStatusChanged: 'registration.RegistrationStatusChanged.v1',
  RegistrationChanged: 'registration.RegistrationChanged.v1',
  RegistrationRenewed: 'registration.RegistrationRenewed.v1',
  PaidServiceNotificationFiled: 'registration.PaidServiceNotificationFiled.v1',
  ApplicationSubmitted: 'registration.ApplicationSubmitted.v1',
  ApplicationRejected: 'registration.ApplicationRejected.v1',
  ChangeRequested: 'registration.ChangeRequested.v1',
  ChangeRejected: 'registration.ChangeRejected.v1',
  RenewalRequested: 'registration.RenewalRequested.v1',
  RenewalRejected: 'registration.RenewalRejected.v1',
  SuspensionRequested: 'registration.SuspensionRequested.v1',
} as const;

export type RegistrationLifecycleIntegrationEvent =
  | { type: typeof RegistrationLifecycleEvents.RegistrationApproved; data: RegistrationApprovedV1 }
  | { type: typeof RegistrationLifecycleEvents.RegistrationStatusChanged; data: RegistrationStatusChangedV1 }
  | { type: typeof RegistrationLifecycleEvents.RegistrationChanged; data: RegistrationChangedV1 }
  | { type: typeof RegistrationLifecycleEvents.RegistrationRenewed; data: RegistrationRenewedV1 }
  | { type: typeof RegistrationLifecycleEvents.PaidServiceNotificationFiled; data: PaidServiceNotificationFiledV1 }
  | { type: typeof RegistrationLifecycleEvents.ApplicationSubmitted; data: ApplicationSubmittedV1 }
  | { type: typeof RegistrationLifecycleEvents.ApplicationRejected; data: ApplicationRejectedV1 }
  | { type: typeof RegistrationLifecycleEvents.ChangeRequested; data: ChangeRequestedV1 }
  | { type: typeof RegistrationLifecycleEvents.ChangeRejected; data: ChangeRejectedV1 }
  | { type: typeof RegistrationLifecycleEvents.RenewalRequested; data: RenewalRequestedV1 }
  | { type: typeof RegistrationLifecycleEvents.RenewalRejected; data: RenewalRejectedV1 }
  | { type: typeof RegistrationLifecycleEvents.SuspensionRequested; data: SuspensionRequestedV1 };

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

/** A request or refusal: the registration and one instant. */
const request = (type: string, at: string) => ({
  $id: type,
  type: 'object',
  additionalProperties: false,
  required: ['registrationId', at],
  properties: { registrationId: uuid, [at]: instant },
});

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
      changeId: { type: 'string', format: 'uuid', description: 'the change application approved (registration.ChangeRequested.v1)' },
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
  [RegistrationLifecycleEvents.ApplicationSubmitted]: {
    $id: RegistrationLifecycleEvents.ApplicationSubmitted,
    type: 'object',
    additionalProperties: false,
    required: ['registrationId', 'organisationId', 'organisationName', 'organisationKind', 'category', 'prefecture', 'submittedAt'],
    properties: {
      registrationId: uuid,
      organisationId: uuid,
      organisationName: { type: 'string', minLength: 1, maxLength: 200, description: 'the company or local government (never an officer)' },
      organisationKind: { enum: ['private-paid', 'private-free', 'local-government'] },
      category: { enum: ['own', 'joint'] },
      prefecture,
      permitNumber,
      localGovernmentCode: { type: 'string', pattern: '^[0-9]{6}$' },
      submittedAt: instant,
    },
  },
  [RegistrationLifecycleEvents.ApplicationRejected]: request(RegistrationLifecycleEvents.ApplicationRejected, 'rejectedAt'),
  [RegistrationLifecycleEvents.ChangeRequested]: {
    $id: RegistrationLifecycleEvents.ChangeRequested,
    type: 'object',
    additionalProperties: false,
    required: ['registrationId', 'changeId', 'parts', 'requestedAt'],
    properties: {
      registrationId: uuid,
      changeId: uuid,
      parts: {
        type: 'array',
        items: { enum: ['contact-officer', 'complaint-officer', 'contractors-added', 'contractors-removed', 'departments-added'] },
      },
      requestedAt: instant,
    },
  },
  [RegistrationLifecycleEvents.ChangeRejected]: {
    $id: RegistrationLifecycleEvents.ChangeRejected,
    type: 'object',
    additionalProperties: false,
    required: ['registrationId', 'changeId', 'rejectedAt'],
    properties: { registrationId: uuid, changeId: uuid, rejectedAt: instant },
  },
  [RegistrationLifecycleEvents.RenewalRequested]: request(RegistrationLifecycleEvents.RenewalRequested, 'requestedAt'),
  [RegistrationLifecycleEvents.RenewalRejected]: request(RegistrationLifecycleEvents.RenewalRejected, 'rejectedAt'),
  [RegistrationLifecycleEvents.SuspensionRequested]: request(RegistrationLifecycleEvents.SuspensionRequested, 'requestedAt'),
};

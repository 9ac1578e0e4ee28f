/**
 * Organisations' registrations: registration's public integration events (topic `registration`,
 * key `registration-<registrationId>`). No personal data: officers' names and contacts are NOT
 * here. An event carries `complaintOfficerVersion`, and registration serves the officer as
 * approved at that version: `GET /registrations/:registrationId/complaint-officer/:version`
 * (R-ORG-7, R-MSG-4). Permit numbers and local government codes are public.
 */
import { eventSchemaById, eventSchemas, IntegrationEventUnion, objectSchema, optional, schemaTypes } from '@hw/platform/core';

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

export type RegistrationLifecycleIntegrationEvent = IntegrationEventUnion<
  typeof RegistrationLifecycleEvents,
  {
    RegistrationApproved: RegistrationApprovedV1;
    RegistrationStatusChanged: RegistrationStatusChangedV1;
    RegistrationChanged: RegistrationChangedV1;
    RegistrationRenewed: RegistrationRenewedV1;
    PaidServiceNotificationFiled: PaidServiceNotificationFiledV1;
    ApplicationSubmitted: ApplicationSubmittedV1;
    ApplicationRejected: ApplicationRejectedV1;
    ChangeRequested: ChangeRequestedV1;
    ChangeRejected: ChangeRejectedV1;
    RenewalRequested: RenewalRequestedV1;
    RenewalRejected: RenewalRejectedV1;
    SuspensionRequested: SuspensionRequestedV1;
  }
>;

const { uuid, instant, prefecture } = schemaTypes;
const permitNumber = { type: 'string', pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])-(ユ|ム)-[0-9]{6}$' };
const contractors = { type: 'array', items: objectSchema({ contractorId: { type: 'string' }, permitNumber }) };
const departmentIds = { type: 'array', items: { type: 'string' } };
const version = {
  type: 'integer',
  minimum: 0,
  description: 'stream revision that approved the complaint officer; GET /registrations/:id/complaint-officer/:version',
};
const organisationKind = { enum: ['private-paid', 'private-free', 'local-government'] };
const category = { enum: ['own', 'joint'] };
const localGovernmentCode = { type: 'string', pattern: '^[0-9]{6}$' };

/** A request or refusal: the registration and one instant. */
const request = (at: string) => ({ registrationId: uuid, [at]: instant });

/** JSON Schemas (draft 2020-12), one per event, for the AsyncAPI catalogue and consumers' checks. */
export const registrationLifecycleSchemas: Record<string, object> = eventSchemas(RegistrationLifecycleEvents, eventSchemaById, {
  RegistrationApproved: {
    registrationId: uuid,
    organisationId: uuid,
    organisationKind,
    category,
    prefecture,
    permitNumber: optional(permitNumber),
    localGovernmentCode: optional(localGovernmentCode),
    departmentIds,
    contractors,
    usagePeriodEndsAt: instant,
    complaintOfficerVersion: version,
    approvedAt: instant,
  },
  RegistrationStatusChanged: {
    registrationId: uuid,
    status: { enum: ['active', 'suspended', 'terminated', 'expired'] },
    reason: { type: 'string' },
    until: optional(instant),
    complaintId: optional({ ...uuid, description: 'R-CMP-5: the complaint whose sanction this carries out' }),
    at: instant,
  },
  RegistrationChanged: {
    registrationId: uuid,
    changeId: optional({ ...uuid, description: 'the change application approved (registration.ChangeRequested.v1)' }),
    category,
    departmentIds,
    contractors,
    complaintOfficerVersion: version,
    changedAt: instant,
  },
  RegistrationRenewed: { registrationId: uuid, usagePeriodEndsAt: instant, renewedAt: instant },
  PaidServiceNotificationFiled: {
    registrationId: uuid,
    notificationId: uuid,
    kind: { type: 'string', minLength: 1, maxLength: 200 },
    price: { type: 'integer', minimum: 0 },
    filedAt: instant,
  },
  ApplicationSubmitted: {
    registrationId: uuid,
    organisationId: uuid,
    organisationName: { type: 'string', minLength: 1, maxLength: 200, description: 'the company or local government (never an officer)' },
    organisationKind,
    category,
    prefecture,
    permitNumber: optional(permitNumber),
    localGovernmentCode: optional(localGovernmentCode),
    submittedAt: instant,
  },
  ApplicationRejected: request('rejectedAt'),
  ChangeRequested: {
    registrationId: uuid,
    changeId: uuid,
    parts: {
      type: 'array',
      items: { enum: ['contact-officer', 'complaint-officer', 'contractors-added', 'contractors-removed', 'departments-added'] },
    },
    requestedAt: instant,
  },
  ChangeRejected: { registrationId: uuid, changeId: uuid, rejectedAt: instant },
  RenewalRequested: request('requestedAt'),
  RenewalRejected: request('rejectedAt'),
  SuspensionRequested: request('requestedAt'),
});

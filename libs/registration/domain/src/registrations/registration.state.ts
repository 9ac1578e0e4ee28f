import { assertNever } from '@hw/platform/core';
import { ApplicationDetails, ChangeDetails, Officer } from './registration.commands';
import { RegistrationEvent, SuspensionReason } from './registration.events';

export interface RegistrationData {
  registrationId: string;
  prefecture: string;
  application: ApplicationDetails;
  /** Set at approval, moved by renewals (R-ORG-1). */
  usagePeriodEndsAt?: string;
  /** The number (1, 2, 3 … as users see it) of the complaint officer now shown (R-ORG-7, R-MSG-4). */
  complaintOfficerVersion?: number;
  /** Every approved complaint officer, by its number (nextComplaintOfficerVersionPolicy). */
  complaintOfficers: Record<number, Officer>;
  pendingChange?: { changeId: string; change: ChangeDetails };
  renewalRequested: boolean;
  suspensionRequested: boolean;
  paidServiceNotifications: Array<{ notificationId: string; kind: string; price: number; filedAt: string }>;
}

/** A union of statuses (R-ORG-1); `version` is the number of events folded = the next revision. */
export type RegistrationState =
  | { status: 'none'; version: number }
  | ({ status: 'submitted' | 'rejected' | 'active' | 'terminated' | 'expired'; version: number } & RegistrationData)
  | ({ status: 'suspended'; version: number; suspension: { reason: SuspensionReason; until?: string } } & RegistrationData);

export type RegistrationStatus = RegistrationState['status'];

export const registrationStreamId = (registrationId: string): string => `registration-${registrationId}`;

/** The units an organisation user may belong to: departments/offices, and for a joint registration its contractors. */
export const registrationUnits = (state: RegistrationData): string[] => [
  ...state.application.departments.map((d) => d.departmentId),
  ...state.application.contractors.map((c) => c.contractorId),
];

/** R-ORG-1: what an approved change makes of the application. */
export const applyChange = (application: ApplicationDetails, change: ChangeDetails): ApplicationDetails => {
  const contractors = [
    ...application.contractors.filter((c) => !(change.removeContractorIds ?? []).includes(c.contractorId)),
    ...(change.addContractors ?? []),
  ];
  return {
    ...application,
    contactOfficer: change.contactOfficer ?? application.contactOfficer,
    complaintOfficer: change.complaintOfficer ?? application.complaintOfficer,
    departments: [...application.departments, ...(change.addDepartments ?? [])],
    contractors,
    // R-ORG-5: a local government naming contractors holds a joint registration.
    category: application.kind === 'local-government' ? (contractors.length > 0 ? 'joint' : 'own') : 'own',
  };
};

/** Live statuses hold the permit number / local government code (R-ORG-3, R-ORG-4). */
export const isLiveRegistration = (status: RegistrationStatus): boolean =>
  status === 'submitted' || status === 'active' || status === 'suspended';

/** The registration's data without the status or a suspension's details. */
export const dataOf = (state: RegistrationData): RegistrationData => ({
  registrationId: state.registrationId,
  prefecture: state.prefecture,
  application: state.application,
  usagePeriodEndsAt: state.usagePeriodEndsAt,
  complaintOfficerVersion: state.complaintOfficerVersion,
  complaintOfficers: state.complaintOfficers,
  pendingChange: state.pendingChange,
  renewalRequested: state.renewalRequested,
  suspensionRequested: state.suspensionRequested,
  paidServiceNotifications: state.paidServiceNotifications,
});

export const initialRegistrationState = (): RegistrationState => ({ status: 'none', version: 0 });

/** How each event moves the registration (R-ORG-1); data-only events keep the status. */
export const evolveRegistration = (state: RegistrationState, event: RegistrationEvent): RegistrationState => {
  const version = state.version + 1;
  if (event.type === 'ApplicationSubmitted') {
    return {
      status: 'submitted',
      version,
      registrationId: event.data.registrationId,
      prefecture: event.data.prefecture,
      application: event.data.application,
      complaintOfficers: {},
      renewalRequested: false,
      suspensionRequested: false,
      paidServiceNotifications: [],
    };
  }
  if (state.status === 'none') return { ...state, version };
  const data: RegistrationData = state;
  // Data-only events keep the status (and a suspension's details); transitions start from `plain`.
  const keep = (patch: Partial<RegistrationData>): RegistrationState => ({ ...state, ...patch, version }) as RegistrationState;
  const plain = { ...dataOf(state), version };
  switch (event.type) {
    case 'ApplicationApproved':
      return {
        ...plain,
        status: 'active',
        usagePeriodEndsAt: event.data.usagePeriodEndsAt,
        complaintOfficerVersion: event.data.complaintOfficerVersion,
        complaintOfficers: { ...data.complaintOfficers, [event.data.complaintOfficerVersion]: data.application.complaintOfficer },
      };
    case 'ApplicationRejected':
      return { ...plain, status: 'rejected' };
    case 'ChangeRequested':
      return keep({ pendingChange: { changeId: event.data.changeId, change: event.data.change } });
    case 'ChangeApproved': {
      const application = data.pendingChange ? applyChange(data.application, data.pendingChange.change) : data.application;
      return keep({
        application,
        pendingChange: undefined,
        complaintOfficerVersion: event.data.complaintOfficerVersion,
        complaintOfficers: { ...data.complaintOfficers, [event.data.complaintOfficerVersion]: application.complaintOfficer },
      });
    }
    case 'ChangeRejected':
      return keep({ pendingChange: undefined });
    case 'RenewalRequested':
      return keep({ renewalRequested: true });
    case 'RegistrationRenewed':
      return keep({ renewalRequested: false, usagePeriodEndsAt: event.data.usagePeriodEndsAt });
    case 'RenewalRejected':
      return keep({ renewalRequested: false });
    case 'SuspensionRequested':
      return keep({ suspensionRequested: true });
    case 'RegistrationSuspended':
      return {
        ...plain,
        status: 'suspended',
        suspensionRequested: false,
        suspension: { reason: event.data.reason, ...(event.data.until ? { until: event.data.until } : {}) },
      };
    case 'RegistrationResumed':
      return { ...plain, status: 'active' };
    case 'RegistrationTerminated':
      return { ...plain, status: 'terminated' };
    case 'RegistrationExpired':
      return { ...plain, status: 'expired' };
    case 'PaidServiceNotificationFiled':
      return keep({
        paidServiceNotifications: [
          ...data.paidServiceNotifications,
          { notificationId: event.data.notificationId, kind: event.data.kind, price: event.data.price, filedAt: event.data.filedAt },
        ],
      });
    default:
      return assertNever(event);
  }
};

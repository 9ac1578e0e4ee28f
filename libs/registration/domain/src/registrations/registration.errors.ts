import { DomainError, refused } from '@hw/platform/core';

/** The registration's refusals: code, rule, kind and field are what the HTTP answer says (R-ORG-1 … R-ORG-9). */
export const registrationNotFound = (): DomainError => refused('REGISTRATION_NOT_FOUND', 'no such registration', 'R-ORG-1', 'not-found');

export const registrationExists = (): DomainError =>
  refused('REGISTRATION_EXISTS', 'this registration was already submitted', 'R-ORG-1', 'conflict');

export const invalidRegistrationTransition = (action: string, status: string): DomainError =>
  refused('INVALID_REGISTRATION_TRANSITION', `cannot ${action} a registration that is ${status}`, 'R-ORG-1', 'conflict', 'status', {
    status,
  });

export const notOwnBureau = (): DomainError =>
  refused(
    'NOT_OWN_BUREAU',
    "only a bureau officer of the prefecture of the organisation's main office decides this case",
    'R-ORG-2',
    'forbidden',
  );

/** R-MSG-4: a seeker learns a registration's complaint officer from its messages — only once it has messaged them. */
export const notMessagedBy = (): DomainError =>
  refused(
    'NOT_MESSAGED_BY_REGISTRATION',
    "a seeker reads a registration's complaint officer only once the registration has messaged them",
    'R-MSG-4',
    'forbidden',
    'registrationId',
  );

export const notThisRegistration = (): DomainError =>
  refused(
    'NOT_THIS_REGISTRATION',
    'an organisation user acts only under the registration of its token',
    'R-ORG-6',
    'forbidden',
    'registrationId',
  );

/** A rule of the application or of a request refused it (422), naming the field. */
export const registrationRefused = (code: string, message: string, rule: string, field: string): DomainError =>
  refused(code, message, rule, 'refused', field);

export const permitNumberTaken = (): DomainError =>
  refused('PERMIT_NUMBER_TAKEN', 'this permit number already has a live registration', 'R-ORG-3', 'conflict', 'application.permitNumber');

export const localGovernmentRegistered = (): DomainError =>
  refused(
    'LOCAL_GOVERNMENT_REGISTERED',
    'this local government already has a live registration; its departments use it and do not file separately',
    'R-ORG-4',
    'conflict',
    'application.localGovernmentCode',
  );

export const changePending = (): DomainError =>
  refused('CHANGE_PENDING', 'a change application is already pending for this registration', 'R-ORG-1', 'conflict', 'changeId');

export const noSuchChange = (): DomainError =>
  refused('NO_SUCH_CHANGE', 'no pending change application has this id', 'R-ORG-1', 'not-found', 'changeId');

/** R-ORG-1: users are created only under an active registration. */
export const registrationNotActive = (status: string): DomainError =>
  refused(
    'REGISTRATION_NOT_ACTIVE',
    `the registration is ${status}: organisation users need an active registration`,
    'R-ORG-1',
    'refused',
    'registrationId',
    {
      status,
    },
  );

/** R-ORG-4: a user belongs to a department, office or contractor named in the registration. */
export const unknownUnit = (): DomainError =>
  refused(
    'UNKNOWN_DEPARTMENT',
    'an organisation user belongs to a department, office or contractor of the registration',
    'R-ORG-4',
    'refused',
    'departmentId',
  );

import { DomainError } from '@hw/platform/core';
import { TokenClaims } from '@hw/platform/nest';

/**
 * Who a staff member is at the gateway (R-STF-1, R-ORG-2): a bureau officer works on their own
 * prefecture's cases, a complaint desk on its own office's, the HQ auditor reads everything and
 * changes nothing. Anyone else — organisation users, seekers, counter staff — is refused.
 */
export type StaffScope =
  | { role: 'bureau-officer'; staff: string; prefecture: string }
  | { role: 'complaint-desk'; staff: string; officeCode: string }
  | { role: 'hq-auditor'; staff: string };

export const notGatewayStaff = () =>
  new DomainError('NOT_GATEWAY_STAFF', 'the gateway serves bureau officers, complaint desks and the HQ auditor', 'R-STF-1', 'forbidden');
export const notYourBureau = () =>
  new DomainError(
    'NOT_YOUR_BUREAU',
    "another prefecture's case: a bureau sees and decides its own prefecture's cases only",
    'R-ORG-2',
    'forbidden',
  );
export const notYourOffice = () =>
  new DomainError('NOT_YOUR_OFFICE', "another office's case: a complaint desk sees its own office's cases only", 'R-CMP-2', 'forbidden');

export const scopeOf = (principal: TokenClaims): StaffScope => {
  if (principal.kind !== 'staff') throw notGatewayStaff();
  switch (principal.role) {
    case 'bureau-officer':
      if (!principal.prefecture) throw notYourBureau();
      return { role: 'bureau-officer', staff: principal.sub, prefecture: principal.prefecture };
    case 'complaint-desk':
      if (!principal.officeCode) throw notYourOffice();
      return { role: 'complaint-desk', staff: principal.sub, officeCode: principal.officeCode };
    case 'hq-auditor':
      return { role: 'hq-auditor', staff: principal.sub };
    default:
      throw notGatewayStaff();
  }
};

/** A bureau officer's prefecture; anyone else may not (R-ORG-2). */
export const bureauOf = (scope: StaffScope): string => {
  if (scope.role !== 'bureau-officer') throw notYourBureau();
  return scope.prefecture;
};

/** Reads of a prefecture's cases: the bureau of that prefecture, or HQ (read-only, nationwide). */
export const mayRead = (scope: StaffScope, prefecture: string | null | undefined): boolean =>
  scope.role === 'hq-auditor' || (scope.role === 'bureau-officer' && scope.prefecture === prefecture);

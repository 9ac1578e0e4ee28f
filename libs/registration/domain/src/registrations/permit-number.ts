/**
 * Permit / notification numbers of private placement agencies (許可・届出番号), `PP-K-NNNNNN`:
 * PP the prefecture 01–47 of the labour bureau that issued it (the main office's prefecture),
 * K `ユ` for a fee-charging (paid, 有料) agency or `ム` for a free (無料) one, then six digits.
 * Offices of one business share the number and differ by branch number (枝番号) — R-ORG-3.
 * Permit numbers are public: they may travel in integration events.
 */
export type PrivateAgencyKind = 'private-paid' | 'private-free';

export interface PermitNumber {
  value: string;
  prefecture: string;
  kind: PrivateAgencyKind;
  serial: string;
}

export const PERMIT_NUMBER_PATTERN = /^(0[1-9]|[1-3][0-9]|4[0-7])-(ユ|ム)-([0-9]{6})$/;

export const parsePermitNumber = (value: string): PermitNumber | null => {
  const match = PERMIT_NUMBER_PATTERN.exec(value);
  if (!match) return null;
  return { value, prefecture: match[1], kind: match[2] === 'ユ' ? 'private-paid' : 'private-free', serial: match[3] };
};

/** A branch number tells apart the offices sharing one permit number (R-ORG-3). */
export const BRANCH_NUMBER_PATTERN = /^[0-9]{1,4}$/;

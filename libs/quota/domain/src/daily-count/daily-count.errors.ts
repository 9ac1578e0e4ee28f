import { DomainError, refused } from '@hw/platform/core';

/** R-MSG-2: a history range that is not one of Japan-time days (bad input: the controller answers 400 with field and rule). */
export const invalidDayRange = (field: 'from' | 'to', message: string): DomainError =>
  refused('INVALID_DAY_RANGE', `${field}: ${message}`, 'R-MSG-2', 'refused', field);

import { v7 as uuidv7, validate, version } from 'uuid';

/** Time-ordered UUID (v7) for everything the platform creates (ARCHITECTURE: ids). */
export const newId = (): string => uuidv7();

export const isUuid = (value: string): boolean => validate(value);
export const isUuidV7 = (value: string): boolean => validate(value) && version(value) === 7;

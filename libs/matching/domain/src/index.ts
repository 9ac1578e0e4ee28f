export * from './visibility';
export * from './criteria';

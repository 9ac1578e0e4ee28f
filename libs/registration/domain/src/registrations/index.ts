export * from './permit-number';
export * from './local-government-code';
export * from './registration';
export * from './registration-reservation';

export * from './seekers';
export * from './registrations';

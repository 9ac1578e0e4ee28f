export * from './seekers';
export * from './seeker-occupations';
export * from './registrations';

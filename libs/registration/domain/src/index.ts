export * from './seeker';
export * from './eligibility';
export * from './seeker-occupations';
export * from './registrations';

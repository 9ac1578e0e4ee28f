export * from './seeker';
export * from './registrations';

export * from './seeker';

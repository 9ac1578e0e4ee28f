export * from './seekers.controller';
export * from './translate';
export * from './registration.service-definition';
export * from './registration.module';

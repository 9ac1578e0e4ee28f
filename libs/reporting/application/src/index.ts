export * from './reporting.module';
export * from './reporting.service';
export * from './reporting.queries';
export * from './translate';

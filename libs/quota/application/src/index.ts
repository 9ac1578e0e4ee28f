export * from './quota.module';

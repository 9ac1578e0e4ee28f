export * from './complaints.module';
export * from './complaints.service';

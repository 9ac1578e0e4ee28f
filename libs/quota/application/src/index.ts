export * from './quota.module';
export * from './entities';
export * from './migrations';
export * from './daily-quota.projection';
export * from './registrations.consumer';
export * from './quota.queries';

export * from './search-profile.entity';
export * from './migrations';
export * from './search-profiles.projection';
export * from './search-query';
export * from './profile-search';
export * from './search.controller';
export * from './matching.module';

export * from './credential.entity';
export * from './credential-index';
export * from './identity-secrets';
export * from './identity.controller';
export * from './identity.module';
export * from './identity.service';
export * from './login-throttle';
export * from './password';

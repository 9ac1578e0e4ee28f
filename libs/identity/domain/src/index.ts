export * from './credentials';
export * from './login-throttle';

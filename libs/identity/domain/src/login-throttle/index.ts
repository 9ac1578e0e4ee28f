export * from './login-throttle.events';
export * from './login-throttle.commands';
export * from './login-throttle.state';
export * from './login-throttle.errors';
export * from './login-throttle.policies';
export * from './login-throttle.decider';

export * from './reports/report-period';
export * from './reports/registration-activity';
export * from './reports/report.events';
export * from './reports/report.commands';
export * from './reports/report.errors';
export * from './reports/report.policies';
export * from './reports/report.state';
export * from './reports/report.decider';

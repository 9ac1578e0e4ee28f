export * from './complaint';

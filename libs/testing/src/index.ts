export * from './infra.js';
export * from './fixtures.js';

export * from './infra.js';
export * from './fixtures.js';
export * from './config.js';
export * from './fakes.js';
export * from './time.js';
export * from './ems-stub.js';
export * from './pdf-read-back.js';
export * from './smpp-server.js';

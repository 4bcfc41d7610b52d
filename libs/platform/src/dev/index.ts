/**
 * `@yichuang/platform/dev`: what `npm start`'s orchestrator and the benchmarks need to run the system — the embedded
 * infrastructure, the process supervisor, the key generator — without the whole platform (Nest, TypeORM, the NATS
 * transport…): the orchestrator stays a small process beside the services (issue 15, idle memory).
 */
export * from './infrastructure.js';
export * from './system.js';
export * from './restart-policy.js';
export { FieldCipher } from '../crypto/field-cipher.js';

export * from './pdf.js';
export * from './fonts.js';
export * from './layout.js';
export * from './seal.js';
export * from './qr.js';
export * from './common.js';
export * from './notices.js';
export * from './results.js';

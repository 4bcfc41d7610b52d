export * from './pdf.js';
export * from './notices.js';

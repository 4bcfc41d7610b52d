export * from './media-type.js';
export * from './object-storage.js';
export * from './fs-storage.js';
export * from './s3-storage.js';
export * from './material-storage.js';

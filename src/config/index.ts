/** aispm.yaml + flags → one validated options object. */
export * from './options.js';
export * from './load.js';

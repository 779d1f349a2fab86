export * from './chat.js';
export * from './errors.js';
export * from './identity.js';
export * from './realtime.js';

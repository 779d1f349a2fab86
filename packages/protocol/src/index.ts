export * from './errors.js';
export * from './identity.js';
export * from './game-errors.js';
export * from './game-meta.js';
export * from './game-logic.js';
export * from './game-messages.js';
export * from './game-control.js';
export * from './game-codec.js';

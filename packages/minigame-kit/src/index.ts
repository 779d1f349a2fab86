export { connectMinigame, type ConnectOptions, type MinigameConnection } from './connect.js';
export { encodeGameFrame, MinigameFrameError, FRAME_LIMIT_BYTES, STATE_LIMIT_BYTES } from './frame-check.js';
export { reconnectDelayMs } from './backoff.js';
export { argsFromCommandLine } from './cli-args.js';
export type * from './types.js';
export { runConformance, type ConformanceOptions } from './conformance/run-conformance.js';
export type { Report, Finding } from './conformance/report.js';

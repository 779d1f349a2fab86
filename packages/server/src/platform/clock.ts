// One Clock for the control plane and the game server: packages/protocol/src/clock.ts.
export { type Clock, ManualClock, systemClock } from '@parlor/protocol';

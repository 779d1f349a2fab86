// One Clock for the game server and the control plane: packages/protocol/src/clock.ts.
export { type Clock, type TimerHandle, sleep, systemClock } from '@parlor/protocol';

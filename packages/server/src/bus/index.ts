export {
  type Bus,
  BusClosedError,
  type BusHandler,
  type HandlerErrorSink,
  reportHandlerError,
  type Unsubscribe,
} from './bus.js';
export { LocalBus, type LocalBusOptions } from './local-bus.js';
export { LocalPresenceStore } from './local-presence.js';
export {
  PresenceClosedError,
  type PresenceEntry,
  type PresenceMeta,
  type PresenceStore,
} from './presence.js';
export { RedisBus, type RedisBusOptions } from './redis-bus.js';
export { describeRedisUrl, RedisUnavailableError } from './redis-connection.js';
export { type RedisPresenceOptions, RedisPresenceStore } from './redis-presence.js';

export { LocalRateLimitStore, type LocalRateLimitOptions } from './local-rate-limit.js';
export {
  RateLimitClosedError,
  type RateLimitDecision,
  type RateLimitRule,
  type RateLimitStore,
} from './rate-limit.js';
export { RedisRateLimitStore, type RedisRateLimitOptions } from './redis-rate-limit.js';
export { RedisUnavailableError } from '../bus/redis-connection.js';

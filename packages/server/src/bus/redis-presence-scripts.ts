import { luaScript } from './redis-connection.js';

/**
 * Lua for RedisPresenceStore. Each script is atomic, which is what keeps the three views of one entry
 * (the node's hash, the user's hash, the set of users) in step without locks.
 *
 * Keys under the prefix P (ARGV[1]):
 *   P alive:<node>   exists while the node heart-beats (PX ttl)
 *   P conns:<node>   hash enc(user, conn) → meta: what a node owns, for reaping it in one go
 *   P user:<user>    hash enc(node, conn) → meta: what readers look up
 *   P users          set of users with entries, live or not yet reaped
 * enc(a, b) is "<byte length of a>:" .. a .. b, unambiguous whatever the ids contain.
 * Keys are built inside the scripts, so this needs a single Redis (or Sentinel), not Cluster.
 */
const common = `
local P = ARGV[1]
local function enc(a, b) return #a .. ':' .. a .. b end
local function dec(s)
  local colon = string.find(s, ':', 1, true)
  local n = tonumber(string.sub(s, 1, colon - 1))
  return string.sub(s, colon + 1, colon + n), string.sub(s, colon + n + 1)
end
local function unlink(user, field)
  local key = P .. 'user:' .. user
  redis.call('HDEL', key, field)
  if redis.call('EXISTS', key) == 0 then redis.call('SREM', P .. 'users', user) end
end
local function reap(node)
  local conns = P .. 'conns:' .. node
  for _, field in ipairs(redis.call('HKEYS', conns)) do
    local user, conn = dec(field)
    unlink(user, enc(node, conn))
  end
  redis.call('DEL', conns)
end
local function put(node, user, conn, meta)
  redis.call('HSET', P .. 'conns:' .. node, enc(user, conn), meta)
  redis.call('HSET', P .. 'user:' .. user, enc(node, conn), meta)
  redis.call('SADD', P .. 'users', user)
end
local alive = {}
local function live(node)
  if alive[node] == nil then
    alive[node] = redis.call('EXISTS', P .. 'alive:' .. node) == 1
    -- A dead node is reaped by whoever notices first; readers then never see it again.
    if not alive[node] then reap(node) end
  end
  return alive[node]
end
`;

/** ARGV: P, node, ttl, user, conn, meta. Returns 0 without writing when the node has lapsed. */
export const trackScript = luaScript(`${common}
local node, ttl = ARGV[2], ARGV[3]
if redis.call('PEXPIRE', P .. 'alive:' .. node, ttl) == 0 then return 0 end
put(node, ARGV[4], ARGV[5], ARGV[6])
return 1`);

/** ARGV: P, node, user, conn. */
export const untrackScript = luaScript(`${common}
local node, user, conn = ARGV[2], ARGV[3], ARGV[4]
redis.call('HDEL', P .. 'conns:' .. node, enc(user, conn))
unlink(user, enc(node, conn))
return 1`);

/** ARGV: P, node, ttl, then user, conn, meta for every connection the node holds. */
export const restoreScript = luaScript(`${common}
local node = ARGV[2]
reap(node)
for i = 4, #ARGV, 3 do put(node, ARGV[i], ARGV[i + 1], ARGV[i + 2]) end
redis.call('SET', P .. 'alive:' .. node, '1', 'PX', ARGV[3])
return 1`);

/** ARGV: P, node. Graceful shutdown. */
export const releaseScript = luaScript(`${common}
reap(ARGV[2])
redis.call('DEL', P .. 'alive:' .. ARGV[2])
return 1`);

/** ARGV: P, then the users to ask about; none means everyone. Returns the online ones. */
export const onlineScript = luaScript(`${common}
local users = {}
if #ARGV == 1 then users = redis.call('SMEMBERS', P .. 'users') else
  for i = 2, #ARGV do users[#users + 1] = ARGV[i] end
end
local result = {}
for _, user in ipairs(users) do
  for _, field in ipairs(redis.call('HKEYS', P .. 'user:' .. user)) do
    if live((dec(field))) then result[#result + 1] = user; break end
  end
end
return result`);

/** ARGV: P, user. Returns node, conn, meta triples for the user's live connections. */
export const whereScript = luaScript(`${common}
local flat = redis.call('HGETALL', P .. 'user:' .. ARGV[2])
local result = {}
for i = 1, #flat, 2 do
  local node, conn = dec(flat[i])
  if live(node) then
    result[#result + 1] = node; result[#result + 1] = conn; result[#result + 1] = flat[i + 1]
  end
end
return result`);

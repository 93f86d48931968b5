/**
 * One consumer's budget, changed atomically inside Redis: the token bucket and the daily counter in
 * one hash, read, refilled, changed and written back by a single script, so no two processes ever
 * act on the same state. The arithmetic is core's `InMemoryRateLimitStore`, step by step.
 *
 * KEYS[1] the consumer's hash, KEYS[2] the store's `since` marker.
 * ARGV: op ('take' | 'burst' | 'daily' | 'peek'), perSecond, burst, dailyQuota, now ('' = Redis TIME), ttlMs.
 * Returns { granted (1/0), scope, value, tokens, usedToday, now } as strings where Lua would truncate.
 */
export const RATE_LIMIT_SCRIPT = `
local DAY = 86400000
local op = ARGV[1]
local rate, burst, quota = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local now
if ARGV[5] == '' then
  -- One clock for every process: the Redis server's.
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
else
  now = tonumber(ARGV[5])
end
local day = math.floor(now / DAY)
local function num(x) return string.format('%.17g', x) end

local s = redis.call('HMGET', KEYS[1], 'tokens', 'updatedAt', 'day', 'usedToday', 'closedDay')
local tokens, updatedAt, stateDay, used, closed
if s[1] and s[2] and s[3] and s[4] then
  tokens, updatedAt, stateDay, used = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
  closed = s[5] and tonumber(s[5])
else
  -- No state: a new consumer, or a Redis that lost its keys (restart without persistence, FLUSH).
  -- The bucket is taken as empty when this store's data began (the marker, written by the first
  -- call on an empty Redis) and refilled since: full for a consumer new to a Redis that has kept
  -- its data for longer than one refill, never more than the API has left after a loss.
  local since = tonumber(redis.call('GET', KEYS[2]))
  if not since then
    since = now
    if op ~= 'peek' then redis.call('SET', KEYS[2], num(now)) end
  end
  tokens, updatedAt, stateDay, used = 0, since, day, 0
end

-- Refill; a clock step backwards adds nothing.
local elapsed = math.max(0, now - updatedAt)
tokens = math.min(burst, tokens + (elapsed / 1000) * rate)
updatedAt = math.max(updatedAt, now)
-- Only a later day resets the count: a clock step back across 00:00 UTC (a failover to a server
-- whose clock is behind) keeps the later day's count and closure.
if day > stateDay then
  stateDay = day
  used = 0
end
day = stateDay

local granted, scope, value = 0, '', ''
if op == 'take' then
  if closed == day or used >= quota then
    scope, value = 'daily', num((day + 1) * DAY)
  elseif tokens < 1 then
    scope, value = 'burst', num(math.ceil(((1 - tokens) / rate) * 1000))
  else
    tokens = tokens - 1
    used = used + 1
    granted = 1
  end
elseif op == 'burst' then
  tokens = math.min(tokens, 0)
elseif op == 'daily' then
  closed = day
end

if op ~= 'peek' then
  redis.call('HSET', KEYS[1], 'tokens', num(tokens), 'updatedAt', num(updatedAt), 'day', num(stateDay),
    'usedToday', num(used))
  if closed then redis.call('HSET', KEYS[1], 'closedDay', num(closed)) end
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
local closedToday = 0
if closed == day then closedToday = 1 end
return { granted, scope, value, num(tokens), num(used), num(now), closedToday }
`;

// Synthetic engagement for bench:stats, written straight into the stats tables with
// generate_series (the recorder's statements would take hours for a year). One statement per
// table per day, in time order, as the events would have arrived.

const uid = (seq) => `('00000000-0000-4000-8000-' || lpad(to_hex(${seq}), 12, '0'))::uuid`;

// $1 day start, $2 active users that day, $3 users in all, $4 day number, $5 seconds of the day
// that have passed (86400, or less for today).
const EVENTS = `with a as (
    select ((($4::bigint * 7919) + i::bigint * 104729) % $3)::int as seq, random() as r, random() as r2
    from generate_series(0, $2 - 1) i),
  u as (select seq, ${uid('seq')} as uid, r, r2 from a),
  s as (
    select u.uid, u.r2, $1::timestamptz + random() * ($5 - 1) * interval '1 second' as started,
      (30 + random() * random() * 10800)::float8 as secs
    from u, generate_series(1, 1 + (u.r < 0.5)::int) n),
  g as (
    select (array['gem-rush', 'word-duel', 'mini-golf'])[1 + i % 3] as type,
      $1::timestamptz + random() * ($5 - 1) * interval '1 second' as created, random() as r,
      (120 + random() * 1500)::float8 as len, 2 + floor(random() * 5)::int as players
    from generate_series(1, $2 / 4) i),
  day_end as (select $1::timestamptz + ($5 - 1) * interval '1 second' as t)
  insert into stats_events (at, kind, user_id, dim, started_at, seconds, players)
  select started, 'logins', uid, null::text, null::timestamptz, null::float8, null::int from s
  union all
  select least(started + secs * interval '1 second', (select t from day_end)), 'sessions', uid,
    case when r2 < 0.5 then 'logout' else 'expired' end, started, secs, null from s
  union all
  select least(started + secs * interval '1 second', (select t from day_end)), 'logouts', uid, 'logout', null, null, null
  from s where r2 < 0.5
  union all
  select $1::timestamptz + random() * ($5 - 1) * interval '1 second', 'online', uid, null,
    $1::timestamptz, (random() * 3600)::float8, null from u
  union all
  select $1::timestamptz + random() * ($5 - 1) * interval '1 second', 'chat_messages', uid,
    (array['lobby', 'game', 'dm'])[1 + floor(random() * 3)::int], null, null, null
  from u, generate_series(1, floor(u.r2 * 10)::int) m
  union all
  select $1::timestamptz + random() * ($5 - 1) * interval '1 second', 'failed_logins', uid, null, null, null, null
  from u where r < 0.1
  union all
  select $1::timestamptz + random() * ($5 - 1) * interval '1 second', 'new_users', ${uid('((($4 * 977 + i) % $3))')},
    null, null, null, null from generate_series(1, $3 / 365) i
  union all
  select created, 'games_created', null, type, null, null, null from g
  union all
  select least(created + interval '60 seconds', (select t from day_end)), 'games_started', null, type, null, null, null
  from g where r < 0.9
  union all
  select least(created + (60 + len) * interval '1 second', (select t from day_end)),
    case when r < 0.75 then 'games_finished' when r < 0.85 then 'games_failed' else 'games_abandoned' end,
    null, type, case when r < 0.9 then created + interval '60 seconds' end, case when r < 0.9 then len end, players
  from g`;

const ACTIVITY = `insert into stats_activity (hour, user_seq)
  select distinct date_trunc('hour', $1::timestamptz + random() * ($5 - 1) * interval '1 second', 'UTC'),
    ((($4::bigint * 7919) + i::bigint * 104729) % $3)::int
  from generate_series(0, $2 - 1) i, generate_series(1, 3) n
`;

const SAMPLES = `insert into stats_samples (at, users)
  select $1::timestamptz + m * interval '1 minute', greatest(1, ($2 * (0.04 + 0.03 * sin(m / 229.0))))::int
  from generate_series(0, ($5 / 60) - 1) m where $3::int > 0 and $4::int >= 0
`;

// Loading is several times faster with these built afterwards (as migration 0006 defines them).
export const DROP_LOAD_INDEXES = `drop index stats_events_kind_at_idx; drop index stats_events_at_brin;
  alter table stats_activity drop constraint stats_activity_pkey`;
export const CREATE_LOAD_INDEXES = `create index stats_events_kind_at_idx on stats_events (kind, at);
  create index stats_events_at_brin on stats_events using brin (at);
  alter table stats_activity add primary key (hour, user_seq)`;

/** Accounts and their stats rows, registered over the year and the month before it. */
export async function loadUsers(db, users, yearStart) {
  await db.query(
    `insert into users (id, username, username_key, password_hash, ticket_secret, created_at, updated_at)
     select ${uid('seq')}, 'user' || seq, 'user' || seq, 'x', 'x', r, r
     from generate_series(0, $1 - 1) seq, lateral (
       select $2::timestamptz - interval '30 days' + random() * interval '395 days' + seq * interval '0 seconds' as r) t`,
    [users, yearStart],
  );
  await db.query(
    `insert into stats_users (user_id, seq, username_key, registered_at, logins, last_login_at, last_seen_at,
       sessions, session_seconds, games_played, games_won, chat_messages, back_day1, back_day7, back_day30)
     select id, substr(username_key, 5)::int, username_key, created_at, (random() * 300)::int,
       created_at + random() * interval '30 days', created_at + random() * interval '30 days', (random() * 300)::int,
       random() * 1e6, (random() * 100)::int, (random() * 30)::int, (random() * 2000)::int,
       random() < 0.4, random() < 0.2, random() < 0.1
     from users`,
  );
}

/** One day of events, activity and samples. */
export async function loadDay(db, { day, active, users, dayNumber, seconds = 86_400 }) {
  const params = [day, active, users, dayNumber, seconds];
  await db.query(EVENTS, params);
  await db.query(ACTIVITY, params);
  await db.query(SAMPLES, params);
}

export async function countRows(db) {
  const tables = [
    'stats_events',
    'stats_activity',
    'stats_samples',
    'stats_hourly',
    'stats_daily_active',
    'stats_lengths',
    'stats_users',
  ];
  const out = {};
  for (const t of tables) out[t] = (await db.query(`select count(*)::int as n from ${t}`))[0].n;
  return out;
}

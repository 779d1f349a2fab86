import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../app/session.js';
import { duration, Problem, when } from './figures.js';

type Sort = 'username' | 'logins' | 'lastSeenAt' | 'sessionSeconds' | 'gamesPlayed' | 'chatMessages';
const COLUMNS: [Sort, string][] = [
  ['username', 'Username'],
  ['logins', 'Sign-ins'],
  ['lastSeenAt', 'Last seen'],
  ['sessionSeconds', 'Time signed in'],
  ['gamesPlayed', 'Games'],
  ['chatMessages', 'Chat messages'],
];

/** Accounts with their figures: search by name, sort by any figure; a name opens its page. */
export function UsersPage() {
  const { client } = useSession();
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>('username');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const search = /^[A-Za-z0-9_-]{1,32}$/.test(q) ? q : undefined;
  const users = useQuery({
    queryKey: ['admin', 'users', search, sort, order],
    queryFn: () => client.admin.users({ q: search, sort, order, limit: 200 }),
  });
  const sortBy = (column: Sort) => {
    setOrder(
      column === sort && order === 'asc'
        ? 'desc'
        : column === sort
          ? 'asc'
          : column === 'username'
            ? 'asc'
            : 'desc',
    );
    setSort(column);
  };
  return (
    <div className="console-page">
      <div className="console-head">
        <h2>Users</h2>
        <label>
          Search by name{' '}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value.trim())} maxLength={32} />
        </label>
      </div>
      <Problem error={users.error} />
      <div className="table-wrap">
        <table className="users-table">
          <thead>
            <tr>
              {COLUMNS.map(([column, label]) => (
                <th
                  key={column}
                  scope="col"
                  aria-sort={sort === column ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort" onClick={() => sortBy(column)}>
                    {label}
                    {sort === column ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
                </td>
                <td>{u.stats.logins}</td>
                <td>{when(u.stats.lastSeenAt)}</td>
                <td>{duration(u.stats.sessionSeconds)}</td>
                <td>{u.stats.gamesPlayed}</td>
                <td>{u.stats.chatMessages}</td>
                <td>{u.disabled ? 'disabled' : 'active'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {users.data?.users.length === 0 && <p className="muted">No account matches.</p>}
    </div>
  );
}

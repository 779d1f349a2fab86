import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../app/session.js';
import { AuditTable } from './AuditTable.js';
import { duration, Figures, Problem, when } from './figures.js';
import { UserActivity } from './UserActivity.js';

type Action = 'deauthenticate' | 'disable' | 'enable';
const CONFIRM: Record<Action, string> = {
  deauthenticate: 'Sign out everywhere',
  disable: 'Disable the account',
  enable: 'Enable the account',
};

/** One account: its figures, sessions, games, what it did and what was done to it (the audit log), and the admin's buttons. */
export function UserPage() {
  const { userId = '' } = useParams();
  const { client, me } = useSession();
  const queries = useQueryClient();
  const [asking, setAsking] = useState<Action | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['admin', 'users'], queryFn: () => client.admin.users({ limit: 200 }) });
  const user = list.data?.users.find((u) => u.id === userId);
  const stats = useQuery({
    queryKey: ['admin', 'user-stats', userId],
    queryFn: () => client.stats.user(userId),
  });
  const audit = useQuery({
    queryKey: ['admin', 'audit', 'actor', userId],
    queryFn: () => client.admin.audit({ actor: userId, limit: 20 }),
  });
  const targeted = useQuery({
    queryKey: ['admin', 'audit', 'target', userId],
    queryFn: () => client.admin.audit({ target: userId, limit: 20 }),
  });
  const act = useMutation({
    mutationFn: async (action: Action) => {
      if (action === 'deauthenticate') {
        const r = await client.admin.deauthenticate(userId);
        return `Signed out everywhere: ${r.sessionsEnded} sessions ended.`;
      }
      await client.admin.setDisabled(userId, action === 'disable');
      return action === 'disable' ? 'The account is disabled.' : 'The account is enabled.';
    },
    onSuccess: (message) => {
      setNote(message);
      setAsking(null);
      void queries.invalidateQueries({ queryKey: ['admin'] });
    },
  });
  const name = user?.username ?? 'this account';
  const s = stats.data;

  return (
    <div className="console-page">
      <p>
        <Link to="/admin/users">← Users</Link>
      </p>
      <h2>{user?.username ?? 'Account'}</h2>
      {user && (
        <p className="muted">
          Created {when(user.createdAt)} · {user.disabled ? 'disabled' : 'active'}
        </p>
      )}
      <Problem error={list.error ?? stats.error ?? audit.error ?? targeted.error ?? act.error} />
      {note && (
        <p role="status" className="ok">
          {note}
        </p>
      )}
      {s && (
        <Figures
          label="Their figures"
          items={[
            ['Sign-ins', String(s.logins)],
            ['Last sign-in', when(s.lastLoginAt)],
            ['Last seen', when(s.lastSeenAt)],
            ['Sessions', String(s.sessions)],
            ['Time signed in', duration(s.sessionSeconds)],
            ['Games played', String(s.gamesPlayed)],
            ['Games won', String(s.gamesWon)],
            ['Chat messages', String(s.chatMessages)],
          ]}
        />
      )}
      {userId !== me?.id && user && (
        <div className="actions">
          <button type="button" onClick={() => setAsking('deauthenticate')}>
            Sign out everywhere
          </button>
          <button type="button" onClick={() => setAsking(user.disabled ? 'enable' : 'disable')}>
            {user.disabled ? 'Enable' : 'Disable'}
          </button>
        </div>
      )}
      {asking && (
        <div role="alertdialog" aria-labelledby="confirm-text" className="confirm">
          <p id="confirm-text">
            {CONFIRM[asking]} for {name}?{' '}
            {asking === 'deauthenticate' && 'Every session ends now and their open sockets close.'}
          </p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              disabled={act.isPending}
              onClick={() => act.mutate(asking)}
            >
              Yes: {CONFIRM[asking].toLowerCase()}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <UserActivity userId={userId} />
      <h3>What they did</h3>
      <AuditTable entries={audit.data?.entries ?? []} />
      <h3>What was done to them</h3>
      <AuditTable entries={targeted.data?.entries ?? []} />
    </div>
  );
}

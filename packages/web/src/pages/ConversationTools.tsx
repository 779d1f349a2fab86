import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { plainWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';

const TTLS = [
  { label: 'Off', seconds: null },
  { label: '1 minute', seconds: 60 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '1 week', seconds: 604_800 },
];

/** The conversation's self-destruct timer (either side may set it), and block / unblock. */
export function ConversationTools({
  userId,
  channel,
  name,
}: {
  userId: string;
  channel: string;
  name: string;
}) {
  const { client } = useSession();
  const queries = useQueryClient();
  const ttlId = useId();
  const settings = useQuery({
    queryKey: ['settings', channel],
    queryFn: () => client.chat.settings(channel),
  });
  const blocks = useQuery({ queryKey: ['blocks'], queryFn: () => client.chat.blocks() });
  const blocked = blocks.data?.some((b) => b.userId === userId) ?? false;
  const setTtl = useMutation({
    mutationFn: (seconds: number | null) => client.chat.setTtl(channel, seconds),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['settings', channel] }),
  });
  const toggleBlock = useMutation({
    mutationFn: () => (blocked ? client.chat.unblock(userId) : client.chat.block(userId)),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['blocks'] }),
  });
  const error = setTtl.error ?? toggleBlock.error;

  return (
    <section className="card tools" aria-label="Conversation settings">
      <div className="field">
        <label htmlFor={ttlId}>Messages delete themselves after</label>
        <select
          id={ttlId}
          value={String(settings.data?.ttlSeconds ?? '')}
          onChange={(e) => setTtl.mutate(e.target.value ? Number(e.target.value) : null)}
        >
          {TTLS.map((t) => (
            <option key={t.label} value={t.seconds ?? ''}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={() => toggleBlock.mutate()} disabled={toggleBlock.isPending}>
        {blocked ? `Unblock ${name}` : `Block ${name}`}
      </button>
      {error && (
        <p role="alert" className="error">
          {plainWords(error)}
        </p>
      )}
    </section>
  );
}

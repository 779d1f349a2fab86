import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { plainWords } from '../app/plain-words.js';
import { useChannel } from '../app/realtime.js';
import { useSession } from '../app/session.js';

export interface ChatPanelProps {
  channel: string;
  title: string;
  /** Offer a per-message self-destruct timer. */
  timers?: boolean;
  onMessages?: (count: number) => void;
}

const TIMERS = [
  { label: 'Keep', seconds: 0 },
  { label: '1 minute', seconds: 60 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
];

/** A channel's messages, newest at the bottom, and a box to write in. */
export function ChatPanel({ channel, title, timers = false }: ChatPanelProps) {
  const { client, me } = useSession();
  const { messages } = useChannel(channel);
  const [text, setText] = useState('');
  const [ttl, setTtl] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const inputId = useId();
  const ttlId = useId();

  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [messages.length]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    setError(null);
    try {
      await client.chat.post(channel, body, ttl ? { ttlSeconds: ttl } : {});
      setText('');
    } catch (err) {
      setError(plainWords(err));
    }
  };

  return (
    <section className="chat" aria-label={title}>
      <h2>{title}</h2>
      <ol className="chat-log" ref={list} aria-live="polite" tabIndex={0} aria-label={`${title} messages`}>
        {messages.length === 0 && <li className="muted">No messages yet.</li>}
        {messages.map((m) => (
          <li key={m.seq} className={m.senderId === me?.id ? 'mine' : undefined}>
            <span className="who">{m.senderName}</span> <span className="body">{m.body}</span>
            {m.expiresAt && (
              <span
                className="muted small"
                title={`Deletes itself at ${new Date(m.expiresAt).toLocaleString()}`}
              >
                {' '}
                ⏱
              </span>
            )}
          </li>
        ))}
      </ol>
      <form className="chat-form" onSubmit={send}>
        <label htmlFor={inputId} className="visually-hidden">
          Message to {title}
        </label>
        <input
          id={inputId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={2000}
          autoComplete="off"
          placeholder="Write a message"
        />
        {timers && (
          <>
            <label htmlFor={ttlId} className="visually-hidden">
              Self-destruct timer
            </label>
            <select id={ttlId} value={ttl} onChange={(e) => setTtl(Number(e.target.value))}>
              {TIMERS.map((t) => (
                <option key={t.seconds} value={t.seconds}>
                  {t.label}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit">Send</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

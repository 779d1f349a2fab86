import type { MessageView, PresenceView, RealtimeClient } from '@parlor/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { signedOutWords } from './plain-words.js';
import { useSession } from './session.js';

export interface Realtime {
  client: RealtimeClient | null;
  connected: boolean;
  /** A connection was lost and is being made again (not the first connect). */
  reconnecting: boolean;
}

const NONE: Realtime = { client: null, connected: false, reconnecting: false };
const RealtimeContext = createContext<Realtime>(NONE);

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}

/**
 * One realtime socket per signed-in page. When the server ends the session (an admin's
 * deauthenticate, a revoke, expiry) the page goes to the sign-in screen with the reason at once.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const queries = useQueryClient();
  const [value, setValue] = useState<Realtime>(NONE);
  const signedIn = session.status === 'signedIn';
  const { client, ended } = session;

  useEffect(() => {
    if (!signedIn) return;
    const rt = client.realtime();
    setValue({ client: rt, connected: false, reconnecting: false });
    const offs = [
      rt.on('ready', () => setValue({ client: rt, connected: true, reconnecting: false })),
      rt.on('reconnecting', () => setValue({ client: rt, connected: false, reconnecting: true })),
      rt.on('signedOut', (e) => ended(signedOutWords(e.closeCode, e.reason))),
      // One of my games ended (finished, ended by its host or an admin, or lost): refresh it.
      rt.on('game', (e) => {
        void queries.invalidateQueries({ queryKey: ['games'] });
        void queries.invalidateQueries({ queryKey: ['game', e.gameId] });
      }),
    ];
    rt.connect().catch(() => undefined);
    return () => {
      offs.forEach((off) => off());
      rt.close();
      setValue(NONE);
    };
  }, [signedIn, client, ended, queries]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/**
 * A channel's recent messages: a REST page first, then live ones from the socket (resumed from
 * the page's last seq, so nothing falls between the two). Self-deleting ones vanish on time.
 */
export function useChannel(channel: string | null): { messages: MessageView[]; ready: boolean } {
  const { client: session } = useSession();
  const { client: rt } = useRealtime();
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!channel || !rt) return;
    let live = true;
    setMessages([]);
    setReady(false);
    const add = (m: MessageView) =>
      setMessages((list) => (list.some((x) => x.seq === m.seq) ? list : [...list, m].slice(-200)));
    const offs = [
      rt.on('message', (e) => e.channel === channel && add(e.message)),
      rt.on('deleted', (e) => e.channel === channel && setMessages((l) => l.filter((m) => m.seq !== e.seq))),
    ];
    // The newest 100: read where the channel is, then the page before it.
    void session.chat
      .page(channel, 0, 1)
      .then(({ lastSeq }) => session.chat.page(channel, Math.max(0, lastSeq - 100), 100))
      .then((page) => {
        if (!live) return;
        setMessages(page.messages);
        rt.subscribe(channel, page.lastSeq);
        setReady(true);
      })
      .catch(() => setReady(true));
    return () => {
      live = false;
      offs.forEach((off) => off());
      rt.unsubscribe(channel);
    };
  }, [channel, rt, session]);

  useEffect(() => {
    const next = messages
      .map((m) => (m.expiresAt ? Date.parse(m.expiresAt) : Infinity))
      .reduce((a, b) => Math.min(a, b), Infinity);
    if (next === Infinity) return;
    const timer = setTimeout(
      () => setMessages((l) => l.filter((m) => !m.expiresAt || Date.parse(m.expiresAt) > Date.now())),
      Math.max(0, next - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [messages]);

  return { messages, ready };
}

/** Live presence of some users, seeded by REST and kept fresh by the socket's events. */
export function usePresenceEvents(onPresence: (p: PresenceView) => void): void {
  const { client: rt } = useRealtime();
  useEffect(() => (rt ? rt.on('presence', onPresence) : undefined), [rt, onPresence]);
}

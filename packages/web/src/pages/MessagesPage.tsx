import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { NavLink, useParams } from 'react-router';
import { markRead, readMarkers } from '../app/read-markers.js';
import { useChannel } from '../app/realtime.js';
import { useSession } from '../app/session.js';
import { ConversationTools } from './ConversationTools.js';
import { ChatPanel } from '../components/ChatPanel.js';

/** Direct messages: conversations with unread counts, one open conversation. */
export function MessagesPage() {
  const { userId } = useParams();
  const { client } = useSession();
  const conversations = useQuery({
    queryKey: ['conversations'],
    queryFn: () => client.chat.conversations(),
    refetchInterval: 5_000,
  });
  const markers = readMarkers();
  const open = conversations.data?.find((c) => c.userId === userId);

  return (
    <div className="messages">
      <section className="card" aria-labelledby="conv-heading">
        <h1 id="conv-heading">Messages</h1>
        {conversations.data?.length === 0 && (
          <p className="muted">No conversations yet. Start one from “Online now” on the home page.</p>
        )}
        <ul className="plain conversations">
          {conversations.data?.map((c) => {
            const unread = c.userId === userId ? 0 : Math.max(0, c.lastSeq - (markers[c.channel] ?? 0));
            return (
              <li key={c.userId}>
                <NavLink to={`/messages/${c.userId}`}>
                  {c.username}
                  {unread > 0 && (
                    <span className="badge" aria-label={`${unread} unread`}>
                      {unread}
                    </span>
                  )}
                </NavLink>
              </li>
            );
          })}
        </ul>
      </section>
      {userId ? (
        <Conversation userId={userId} name={open?.username ?? 'this person'} />
      ) : (
        <p className="muted card">Choose a conversation.</p>
      )}
    </div>
  );
}

function Conversation({ userId, name }: { userId: string; name: string }) {
  const channel = `dm:${userId}`;
  const { messages } = useChannel(channel);
  const last = messages.at(-1)?.seq ?? 0;
  useEffect(() => markRead(channel, last), [channel, last]);
  return (
    <div className="conversation">
      <ChatPanel channel={channel} title={`Conversation with ${name}`} timers />
      <ConversationTools userId={userId} channel={channel} name={name} />
    </div>
  );
}

import type { HttpTransport } from './http-transport.js';
import type { Block, ChannelSettings, Conversation, MessageView, Page, PresenceView } from './types.js';

export interface PostOptions {
  /** Deletes the message this many seconds after it is posted. */
  ttlSeconds?: number;
  /** Makes a retry the same message; one is made up when omitted. */
  clientId?: string;
}

const ch = (channel: string) => `/v1/channels/${encodeURIComponent(channel)}`;

/** Chat channels (`lobby`, `game:<id>`, `dm:<userId>`), blocks and presence. */
export class ChatApi {
  constructor(private readonly http: HttpTransport) {}

  post(channel: string, body: string, options: PostOptions = {}): Promise<MessageView> {
    const { clientId = newClientId(), ttlSeconds } = options;
    return this.http.request('POST', `${ch(channel)}/messages`, { body: { body, clientId, ttlSeconds } });
  }

  page(channel: string, after = 0, limit = 50): Promise<Page> {
    return this.http.request('GET', `${ch(channel)}/messages`, { query: { after, limit } });
  }

  delete(channel: string, seq: number): Promise<void> {
    return this.http.request('DELETE', `${ch(channel)}/messages/${seq}`);
  }

  settings(channel: string): Promise<ChannelSettings> {
    return this.http.request('GET', `${ch(channel)}/settings`);
  }

  /** The channel's default self-deletion timer; null turns it off. */
  setTtl(channel: string, ttlSeconds: number | null): Promise<ChannelSettings> {
    return this.http.request('PUT', `${ch(channel)}/settings`, { body: { ttlSeconds } });
  }

  /** My direct conversations, newest first; `lastSeq` against what I have read gives unread counts. */
  async conversations(): Promise<Conversation[]> {
    return (await this.http.request<{ conversations: Conversation[] }>('GET', '/v1/conversations'))
      .conversations;
  }

  block(userId: string): Promise<void> {
    return this.http.request('POST', '/v1/blocks', { body: { userId } });
  }

  unblock(userId: string): Promise<void> {
    return this.http.request('DELETE', `/v1/blocks/${encodeURIComponent(userId)}`);
  }

  async blocks(): Promise<Block[]> {
    return (await this.http.request<{ blocks: Block[] }>('GET', '/v1/blocks')).blocks;
  }

  /** Everyone online, or these users. */
  async presence(userIds?: string[]): Promise<PresenceView[]> {
    const query = userIds?.length ? { users: userIds.join(',') } : undefined;
    return (await this.http.request<{ users: PresenceView[] }>('GET', '/v1/presence', { query })).users;
  }
}

function newClientId(): string {
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

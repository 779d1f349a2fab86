import type {
  AccessReviewRequest,
  AccessReviewResult,
  BlockList,
  ChannelSettingsView,
  ConversationView,
  CreateApiKeyRequest,
  CreateBindingRequest,
  GameCreated,
  GamePlayerView,
  GameTicket,
  GameTypeMeta,
  GameView,
  MessagePage,
  MessageView,
  PresenceView,
  Rule,
  SessionCreated,
  SessionView,
  SetupState,
  UserView,
} from '@parlor/protocol';
import type { z } from 'zod';

/** Response shapes, inferred from the protocol's schemas where it has them. */
export type User = UserView;
export type Session = z.infer<typeof SessionView>;
export type SignedIn = z.infer<typeof SessionCreated>;
export type Me = { id: string; username: string; createdAt: string; sessionId: string };
export type Game = GameView;
export type GamePlayer = z.infer<typeof GamePlayerView>;
export type { GameCreated, GameTicket, GameTypeMeta, MessageView, PresenceView };
export type Page = z.infer<typeof MessagePage>;
export type ChannelSettings = z.infer<typeof ChannelSettingsView>;
export type Block = z.infer<typeof BlockList>['blocks'][number];
export type AccessReview = z.infer<typeof AccessReviewRequest>;
export type AccessReviewAnswer = z.infer<typeof AccessReviewResult>;
export type NewApiKey = z.infer<typeof CreateApiKeyRequest>;
export type NewBinding = z.infer<typeof CreateBindingRequest>;

export interface Role {
  name: string;
  rules: Rule[];
  builtin: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface RoleBinding {
  name: string;
  role: string;
  subject: { kind: 'user' | 'group' | 'apiKey'; id: string };
  builtin: boolean;
  createdAt: string;
}
export interface ApiKey {
  id: string;
  name: string;
  role: string;
  ownerId: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt?: string | null;
}
export type ApiKeyCreated = ApiKey & { key: string };
export interface Ticket {
  ticket: string;
  expiresAt: string;
}
export interface TicketCheck {
  userId: string;
  username: string;
}
// The audit log's wire types, as the server answers them (actor is who did it: kind, id, name).
export type { AuditEntry, AuditPage } from '@parlor/protocol';
export interface UserPage {
  users: User[];
  next: string | null;
}
export type { SetupState };
export type Conversation = ConversationView;

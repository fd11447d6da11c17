import type { ChatMode, MessageRole, MessageStatus } from '../../shared/domain';

/**
 * Who wrote a chat's title: `auto`, the first words of its first message (the model may still
 * name the chat); `generated`, the model was asked once (its title, or the first words when it
 * gave none); `user`, the user (or the file the chat was imported from). Only `auto` changes by itself.
 */
export type TitleSource = 'auto' | 'generated' | 'user';

/** A row of `chats` as SQLite returns it. */
export interface ChatRow {
  id: string;
  title: string;
  title_source: TitleSource;
  system_prompt: string;
  model_path: string | null;
  leaf_id: string | null;
  pinned: number;
  deleted_at: number | null;
  mode: ChatMode;
  few_shot: string;
  sampling: string;
  context_from_id: string | null;
  created_at: number;
  updated_at: number;
}

/** A row of `messages` as SQLite returns it. */
export interface MessageRow {
  id: string;
  chat_id: string;
  parent_id: string | null;
  position: number;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  error: string | null;
  model_path: string | null;
  sampling: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  first_token_ms: number | null;
  duration_ms: number | null;
  context_size: number | null;
  evaluated_tokens: number | null;
  reused_tokens: number | null;
  pinned: number;
  created_at: number;
  updated_at: number;
}

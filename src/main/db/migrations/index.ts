import type { Migration } from './types';
import { migration001Chats } from './001-chats';
import { migration002Downloads } from './002-downloads';
import { migration003Search } from './003-search';
import { migration004ContextSize } from './004-context-size';
import { migration005PromptReuse } from './005-prompt-reuse';
import { migration006SearchKeys } from './006-search-keys';
import { migration007Branches } from './007-branches';
import { migration009Presets } from './009-presets';
import { migration010ChatMeta } from './010-chat-meta';
import { migration011SearchChatKeys } from './011-search-chat-keys';

/** Ordered by version; append, never edit a released step. */
export const migrations: readonly Migration[] = [
  migration001Chats,
  migration002Downloads,
  migration003Search,
  migration004ContextSize,
  migration005PromptReuse,
  migration006SearchKeys,
  migration007Branches,
  migration009Presets,
  migration010ChatMeta,
  migration011SearchChatKeys,
];

import { create } from 'zustand';
import type { CatalogEntry } from '../../../shared/catalog';
import type { ApiRequestInfo, ApiStatus, AppInfo, ChatMode, ChatSummary, ContextUsage, Message, Preset, SearchMatch, Settings, UpdateStatus, WorkerStatus } from '../../../shared/domain';
import type { DownloadInfo } from '../../../shared/downloads';
import type { ErrorPayload } from '../../../shared/errors';
import type { CallOutput } from '../../../shared/ipc-contract';
import type { CompatReport, Gpt4AllModels, HfGgufFile, HfSort, ModelRecommendation, ScannedModel } from '../../../shared/models';
import type { RemoteModel, RemoteServer } from '../../../shared/remote';
import type { ConnectionState } from '../ipc/carrier';

/** Text of a reply being generated, kept apart from `messages` so a delta touches nothing else. */
export interface StreamingReply {
  requestId: string;
  chatId: string;
  text: string;
  /** Last applied `seq`; anything at or below it is a duplicate or arrived late. */
  seq: number;
  /** Tokens streamed so far. */
  tokens: number;
}

export interface Toast {
  id: number;
  error: ErrorPayload;
}

export type RemoteModelsState = { status: 'loading' } | { status: 'done'; models: RemoteModel[] } | { status: 'failed'; error: ErrorPayload };

/** What the polite live region says; `id` changes so the same words are announced again. */
export interface Announcement {
  id: number;
  key:
    | 'live.replyDone'
    | 'live.replySentence'
    | 'live.replyRest'
    | 'live.replyStopped'
    | 'live.replyFailed'
    | 'live.error'
    | 'live.downloadStarted'
    | 'live.downloadDone'
    | 'live.downloadFailed'
    | 'live.modelDeleted'
    | 'live.modelImported'
    | 'live.defaultsSaved'
    | 'live.kvCacheCleared'
    | 'live.apiKeySaved'
    | 'live.apiKeyRemoved'
    | 'live.remoteSaved'
    | 'live.remoteDeleted'
    | 'live.chatTrashed'
    | 'live.chatRestored'
    | 'live.chatsPurged'
    | 'live.messageDeleted'
    | 'live.messagePinned'
    | 'live.messageUnpinned'
    | 'live.presetSaved'
    | 'live.presetDeleted'
    | 'live.chatSettingsSaved'
    | 'live.turnsDropped'
    | 'live.summaryReady'
    | 'live.chatsImported'
    | 'live.chatsExported'
    | 'live.gpt4allImported';
  message?: string;
  /** Said as `message`, in the UI's language (errorText). */
  error?: ErrorPayload;
  /** Numbers the sentence names besides `message`. */
  params?: Record<string, string | number>;
}

export type { ContextUsage } from '../../../shared/domain';

/** Which screen the main area shows; the header and sidebar stay on both. */
export type View = 'chat' | 'models';

export const modelsTabs = ['catalog', 'hf', 'installed', 'downloads', 'remote'] as const;
export type ModelsTab = (typeof modelsTabs)[number];

/** A `models.check` for one source (download URL or local path). */
export type CompatState = { status: 'checking' } | { status: 'done'; report: CompatReport } | { status: 'failed'; error: ErrorPayload };

/** The Hugging Face tab, kept here so its results survive a trip to the chat and back. */
export interface HfBrowseState {
  query: string;
  sort: HfSort;
  searching: boolean;
  result: CallOutput<'hf.search'> | null;
  /** The repo whose files are listed, if any. */
  repo: string | null;
  files: HfGgufFile[] | null;
  loadingFiles: boolean;
}

/** How "use them in place" went for GPT4All's models. */
export interface Gpt4AllImport {
  added: number;
  refused: { fileName: string; error: ErrorPayload }[];
}

/** The Get started panel a first start without any model shows, and GPT4All's models. */
export interface FirstRunState {
  /** Undefined until asked; null when no catalog model fits this computer comfortably. */
  recommendation: ModelRecommendation | null | undefined;
  /** Undefined until asked; null when this computer has no GPT4All models. */
  gpt4all: Gpt4AllModels | null | undefined;
  /** The file the panel is downloading: the panel stays until it is installed and chosen. */
  pendingFile: string | null;
  /** Skip was pressed: hidden for the rest of this session. */
  dismissed: boolean;
  importing: boolean;
  imported: Gpt4AllImport | null;
}

export const initialFirstRun: FirstRunState = {
  recommendation: undefined,
  gpt4all: undefined,
  pendingFile: null,
  dismissed: false,
  importing: false,
  imported: null,
};

export interface AppState {
  ready: boolean;
  connection: ConnectionState;
  appInfo: AppInfo | null;
  settings: Settings | null;
  models: ScannedModel[];
  modelsLoaded: boolean;
  rescanning: boolean;
  worker: WorkerStatus | null;
  chats: ChatSummary[];
  chatQuery: string;
  /** For the current search: where each chat matched (keyed by chatId). */
  matches: Record<string, SearchMatch>;
  /** A message to bring into view and focus (a search result that was opened). */
  focusMessageId: string | null;
  currentChatId: string | null;
  /** The open chat's summary, kept even when a search hides it from `chats`. */
  currentChat: ChatSummary | null;
  /** What a new chat will be when its first message is sent (none is stored before). */
  draftMode: ChatMode;
  /** The chat just moved to the trash, while its "Undo" notice shows. */
  undo: { chatId: string; title: string } | null;
  /** The sidebar lists the trash instead of the chats. */
  trashOpen: boolean;
  trash: ChatSummary[];
  /** Making room in the context window for the next message (its two ways take a moment). */
  contextWork: 'dropping' | 'summarizing' | null;
  /** The user's presets (the built-in ones come from code, in the UI's language). */
  presets: Preset[];
  /**
   * Ids of the current chat's messages: the end of the branch it shows, in order (older pages are
   * added in front as the list scrolls up). Stable across deltas.
   */
  messageIds: string[];
  messages: Record<string, Message>;
  /** The list's number for `messageIds[0]`: it goes down as older pages are added (the list keeps its place). */
  firstItemIndex: number;
  /** Whether a message above the open chat's context cut is pinned, loaded or not. */
  pinnedBeforeCut: boolean;
  /** Keyed by messageId. */
  streaming: Record<string, StreamingReply>;
  /** Requests whose `chat.done` arrived, by requestId; a delta for them is late and ignored (a continued reply comes back under a new request). */
  endedReplies: Record<string, true>;
  /** Keyed by messageId: the reply's place in the engine's queue while it waits (1, 2…). */
  queuePositions: Record<string, number>;
  /** The local API: whether it runs, and the requests it serves (Settings shows them live). */
  apiStatus: ApiStatus | null;
  apiRequests: ApiRequestInfo[];
  /** Servers chats may be sent to, and each one's models once asked for (or why they could not be listed). */
  remoteServers: RemoteServer[];
  remoteServersLoaded: boolean;
  remoteModels: Record<string, RemoteModelsState>;
  /** Keyed by chatId, from the last `chat.done` stats of that chat. */
  contextUsage: Record<string, ContextUsage>;
  /** A send/regenerate/edit call is on its way; the composer shows Stop right away. */
  sending: boolean;
  toasts: Toast[];
  announcement: Announcement | null;
  view: View;
  modelsTab: ModelsTab;
  catalog: CatalogEntry[];
  catalogLoaded: boolean;
  /** Newest first; replaced by id as `downloads.changed` events arrive. */
  downloads: DownloadInfo[];
  /** Keyed by the source that was checked. */
  compat: Record<string, CompatState>;
  hf: HfBrowseState;
  firstRun: FirstRunState;
  /** Bumped to move the focus into the composer (once a model is ready after the first start). */
  composerFocus: number;
  /** What the update check found (it only asks when the user turned it on). */
  update: UpdateStatus | null;
}

export const initialHfState: HfBrowseState = {
  query: '',
  sort: 'downloads',
  searching: false,
  result: null,
  repo: null,
  files: null,
  loadingFiles: false,
};

/** Where a chat's list numbers its first message: high enough to count down for any history. */
export const FIRST_ITEM_INDEX = 1_000_000_000;

export const initialState: AppState = {
  ready: false,
  connection: 'connecting',
  appInfo: null,
  settings: null,
  models: [],
  modelsLoaded: false,
  rescanning: false,
  worker: null,
  chats: [],
  chatQuery: '',
  matches: {},
  focusMessageId: null,
  currentChatId: null,
  currentChat: null,
  draftMode: 'chat',
  undo: null,
  trashOpen: false,
  trash: [],
  presets: [],
  contextWork: null,
  messageIds: [],
  messages: {},
  firstItemIndex: FIRST_ITEM_INDEX,
  pinnedBeforeCut: false,
  streaming: {},
  endedReplies: {},
  queuePositions: {},
  apiStatus: null,
  apiRequests: [],
  remoteServers: [],
  remoteServersLoaded: false,
  remoteModels: {},
  contextUsage: {},
  sending: false,
  toasts: [],
  announcement: null,
  view: 'chat',
  modelsTab: 'catalog',
  catalog: [],
  catalogLoaded: false,
  downloads: [],
  compat: {},
  hf: initialHfState,
  firstRun: initialFirstRun,
  composerFocus: 0,
  update: null,
};

export const useAppStore = create<AppState>()(() => initialState);

export function resetAppStore(): void {
  useAppStore.setState(initialState, true);
}

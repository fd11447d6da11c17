import type { ArchivedChat, ArchivedMessage } from '../../shared/chat-archive';

export type MarkdownLanguage = 'en' | 'es';

const labels = {
  en: {
    exported: (date: string) => `Chats exported from Candil on ${date}.`,
    untitled: 'Untitled chat',
    systemPrompt: 'System prompt',
    you: 'You',
    assistant: 'Assistant',
    completion: 'Text completion',
    otherVersions: (n: number) =>
      n === 1
        ? '1 more message is in other versions of this chat, not shown here; the JSON export keeps every version.'
        : `${n} more messages are in other versions of this chat, not shown here; the JSON export keeps every version.`,
  },
  es: {
    exported: (date: string) => `Chats exportados desde Candil el ${date}.`,
    untitled: 'Chat sin título',
    systemPrompt: 'Instrucciones del sistema',
    you: 'Tú',
    assistant: 'Asistente',
    completion: 'Completado de texto',
    otherVersions: (n: number) =>
      n === 1
        ? 'Hay 1 mensaje más en otras versiones de este chat, que no se muestra aquí; la exportación JSON guarda todas las versiones.'
        : `Hay ${n} mensajes más en otras versiones de este chat, que no se muestran aquí; la exportación JSON guarda todas las versiones.`,
  },
} satisfies Record<MarkdownLanguage, unknown>;

/**
 * A chat to read: its title, system prompt and the branch it shows. Messages are Markdown
 * already and are kept as written; what Candil adds around them (the title, the system prompt,
 * a completion's text) cannot open HTML, a heading or a code block that swallows what follows.
 */
export function chatToMarkdown(chat: ArchivedChat, language: MarkdownLanguage, headingLevel = 1): string {
  const l = labels[language];
  const branch = shownBranch(chat);
  const parts = [`${'#'.repeat(headingLevel)} ${inline(chat.title) || l.untitled}`];
  if (chat.mode === 'completion') {
    parts.push(`*${l.completion}*`, fenced(branch.map((m) => m.content).join('')));
  } else {
    if (chat.systemPrompt.trim()) parts.push(`**${l.systemPrompt}**`, fenced(chat.systemPrompt));
    for (const message of branch) parts.push(`**${message.role === 'user' ? l.you : l.assistant}**`, closedFences(message.content.trim()));
  }
  const hidden = chat.messages.length - branch.length;
  if (hidden > 0) parts.push(`---\n\n*${l.otherVersions(hidden)}*`);
  return `${parts.join('\n\n')}\n`;
}

export function chatsToMarkdown(chats: ArchivedChat[], date: string, language: MarkdownLanguage): string {
  const header = `# Candil\n\n*${labels[language].exported(date)}*\n`;
  return [header, ...chats.map((chat) => chatToMarkdown(chat, language, 2))].join('\n');
}

/** From the first message to the chat's leaf, walking parents (in memory: no query per message). */
export function shownBranch(chat: ArchivedChat): ArchivedMessage[] {
  const byId = new Map(chat.messages.map((m) => [m.id, m]));
  const branch: ArchivedMessage[] = [];
  const seen = new Set<string>();
  for (let id = chat.leafId; id !== null && !seen.has(id); ) {
    const message = byId.get(id);
    if (!message) break;
    seen.add(id);
    branch.push(message);
    id = message.parentId;
  }
  return branch.reverse();
}

/** One line of plain text: line breaks become spaces and Markdown and HTML characters are escaped. */
function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~!&]/g, '\\$&');
}

/** A code block whose fence is longer than any run of backticks inside, so the text cannot end it. */
function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

/** A reply cut off inside a code block would turn the rest of the file into code: the block is closed. */
function closedFences(text: string): string {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!match?.[1]) continue;
    const fence = match[1];
    if (open === null) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = null;
  }
  return open === null ? text : `${text}\n${open}`;
}

import { JinjaTemplateChatWrapper, SpecialToken, type ChatHistoryItem, type LlamaText, type Tokenizer } from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import type { TemplateSample } from '../../shared/ipc-contract';

/**
 * The wrapper a custom Jinja template runs in — the same one node-llama-cpp builds from a GGUF's
 * own `tokenizer.chat_template` — so the engine and the check below read a template alike.
 * Building it renders node-llama-cpp's sample conversations, so a broken template throws here.
 */
export function jinjaChatWrapper(template: string, tokenizer?: Tokenizer): JinjaTemplateChatWrapper {
  return new JinjaTemplateChatWrapper({ template, tokenizer });
}

/** The text of the special tokens a template may write (`bos_token`…), from the model's vocabulary. */
export type SpecialTokenTexts = Partial<Record<'BOS' | 'EOS' | 'EOT', string>>;

/** Checks the template on save, where the renderer's sample (in its language) is not at hand. */
const SAVE_SAMPLE: TemplateSample = {
  system: 'You are a helpful assistant.',
  user: 'What is a candil?',
  reply: 'An oil lamp.',
  followUp: 'Who used it?',
};

/**
 * The prompt a template makes of a sample conversation (system, user, assistant, user, and the
 * start of the reply), as the model would read it. A template that does not parse, that has no
 * loop over `messages`, that leaves out a message's text or that fails while rendering is
 * refused: BAD_REQUEST with `reason` and the renderer's own words in `detail`.
 */
export function renderTemplateSample(template: string, sample: TemplateSample = SAVE_SAMPLE, specials: SpecialTokenTexts = {}): string {
  // Without `messages` nothing the user writes could reach the model; said plainly, not as a render error.
  if (!/\bmessages\b/.test(template)) throw refused('templateNoMessages', 'The chat template never uses `messages`.');
  let wrapper: JinjaTemplateChatWrapper;
  try {
    wrapper = jinjaChatWrapper(template);
  } catch (cause) {
    throw classify(cause);
  }
  const history: ChatHistoryItem[] = [
    { type: 'system', text: sample.system },
    { type: 'user', text: sample.user },
    { type: 'model', response: [sample.reply] },
    { type: 'user', text: sample.followUp },
    { type: 'model', response: [] },
  ];
  let text: LlamaText;
  try {
    text = wrapper.generateContextState({ chatHistory: history }).contextText;
  } catch (cause) {
    throw classify(cause);
  }
  const rendered = text.values.map((value) => (value instanceof SpecialToken ? (specials[value.value as keyof SpecialTokenTexts] ?? `<${value.value}>`) : value.toString())).join('');
  if (!rendered.includes(sample.followUp)) throw refused('templateNoUserText', 'The chat template leaves out the user’s message.');
  return rendered;
}

function classify(cause: unknown): AppError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  // node-llama-cpp wraps the renderer's error in a sentence of its own; the user needs the inner one.
  const detail = raw
    .replace(/^The provided Jinja template failed the sanity test: (Error: )?/, '')
    .replace(/\. Inspect the Jinja template to find out what went wrong$/, '')
    .slice(0, 500);
  if (/Some input messages are not present|model message was expected/i.test(detail)) {
    return refused('templateNoUserText', `The chat template leaves out messages: ${detail}`);
  }
  if (/SyntaxError|Parser Error|Lexer Error|Unexpected (token|character)/.test(detail)) {
    return refused('templateSyntax', `The chat template has a syntax error: ${detail}`, detail);
  }
  return refused('templateRender', `The chat template failed on a sample conversation: ${detail}`, detail);
}

function refused(reason: 'templateSyntax' | 'templateNoMessages' | 'templateNoUserText' | 'templateRender', message: string, detail?: string): AppError {
  return new AppError('BAD_REQUEST', message, detail === undefined ? { reason } : { reason, detail });
}

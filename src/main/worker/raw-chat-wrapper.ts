import {
  ChatWrapper,
  LlamaText,
  SpecialToken,
  type ChatWrapperGenerateContextStateOptions,
  type ChatWrapperGeneratedContextState,
} from 'node-llama-cpp';

/**
 * For base models without a chat template: the conversation is fed as plain text with no role
 * markers, so the model simply continues what the user wrote (node-llama-cpp's EmptyChatWrapper
 * prefixes "user:"/"model:", which base models then imitate).
 */
export class RawChatWrapper extends ChatWrapper {
  readonly wrapperName = 'Raw';

  override generateContextState({ chatHistory }: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
    const parts = chatHistory.map((item) => {
      if (item.type === 'system') return LlamaText([LlamaText.fromJSON(item.text), '\n\n']);
      if (item.type === 'user') return LlamaText(item.text);
      return this.generateModelResponseText(item.response);
    });
    return { contextText: LlamaText([new SpecialToken('BOS'), ...parts]), stopGenerationTriggers: [LlamaText(new SpecialToken('EOS'))] };
  }
}

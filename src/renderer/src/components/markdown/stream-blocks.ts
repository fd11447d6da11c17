const fence = /^ {0,3}(`{3,}|~{3,})/;

export interface StreamSplit {
  text: string;
  /** Blocks followed by a blank line outside a code fence: they never change again. */
  done: string[];
  /** The block still being written, from `openStart` to the end of the text. */
  open: string;
  openStart: number;
}

/**
 * Splits a reply being streamed into the Markdown blocks that are finished and the open one at
 * the end. Finished blocks never change again, so each is parsed once; only the open block is
 * parsed on every delta. Given the split of the text before this delta, it goes on from that
 * split's open block: a streamed reply only grows, and splitting all of a long reply on every
 * frame made work (and garbage) that grew with its length.
 */
export function splitStreamingBlocks(text: string, previous?: StreamSplit): StreamSplit {
  const resume = previous !== undefined && text.startsWith(previous.text);
  const start = resume ? previous.openStart : 0;
  const found = splitFrom(text, start);
  const done = !resume ? found.done : found.done.length > 0 ? previous.done.concat(found.done) : previous.done;
  return { text, done, open: text.slice(found.openStart), openStart: found.openStart };
}

/** From `start` (the start of a block, so outside any fence). */
function splitFrom(text: string, start: number): { done: string[]; openStart: number } {
  const done: string[] = [];
  const lines = text.slice(start).split('\n');
  let openFence: string | null = null;
  let blockStart = start;
  let offset = start;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineEnd = offset + line.length;
    const marker = fence.exec(line)?.[1];
    if (marker) {
      if (openFence === null) openFence = marker;
      else if (marker[0] === openFence[0] && marker.length >= openFence.length) openFence = null;
    }
    // A blank line ends a block, unless it is the text's last line (more may follow on it).
    if (openFence === null && line.trim() === '' && i < lines.length - 1) {
      const block = text.slice(blockStart, lineEnd);
      if (block.trim()) done.push(block);
      blockStart = lineEnd + 1;
    }
    offset = lineEnd + 1;
  }
  return { done, openStart: blockStart };
}

const fence = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits a reply being streamed into the Markdown blocks that are finished (followed by a blank
 * line outside a code fence) and the open one at the end. Finished blocks never change again, so
 * each is parsed once; only the open block is parsed on every delta.
 */
export function splitStreamingBlocks(text: string): { done: string[]; open: string } {
  const done: string[] = [];
  const lines = text.split('\n');
  let openFence: string | null = null;
  let start = 0;
  let offset = 0;
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
      const block = text.slice(start, lineEnd);
      if (block.trim()) done.push(block);
      start = lineEnd + 1;
    }
    offset = lineEnd + 1;
  }
  return { done, open: text.slice(start) };
}

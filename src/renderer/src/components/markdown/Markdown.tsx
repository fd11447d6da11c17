import { memo, useRef, type ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';
import { safeUrl } from './safe-url';
import { splitStreamingBlocks, type StreamSplit } from './stream-blocks';

type WithNode<T extends keyof React.JSX.IntrinsicElements> = ComponentPropsWithoutRef<T> & { node?: unknown };

function SafeLink({ href, children, node: _node, ...rest }: WithNode<'a'>): React.JSX.Element {
  if (!href) return <span className="link-removed">{children}</span>;
  return (
    <a {...rest} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** Remote images would leak that the chat was opened, so they become plain links. */
function ImageAsLink({ src, alt }: WithNode<'img'>): React.JSX.Element {
  const { t } = useTranslation();
  const label = t('markdown.image', { alt: alt ?? '' });
  if (typeof src !== 'string' || !src) return <span>{label}</span>;
  return (
    <a href={src} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  );
}

const components: Components = { a: SafeLink, img: ImageAsLink, pre: CodeBlock };
const remarkPlugins = [remarkGfm];
// react-markdown builds its processor on every render, and rehype-highlight registers all of its
// grammars each time it is attached; one transformer made once is shared by every message instead.
const highlightCode = rehypeHighlight();
const highlighted = [() => highlightCode];
const plain: [] = [];

interface ContentProps {
  text: string;
  /** Off while streaming: highlighting is the costly part and the text is about to change. */
  highlight?: boolean;
}

/** One parse of untrusted model output: raw HTML is dropped and only http(s)/mailto links survive. */
const MarkdownContent = memo(function MarkdownContent({ text, highlight = true }: ContentProps): React.JSX.Element {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={highlight ? highlighted : plain} components={components} skipHtml urlTransform={safeUrl}>
      {text}
    </ReactMarkdown>
  );
});

/** Link references and footnotes join blocks that are far apart: such a text is parsed whole. */
const crossReference = /^ {0,3}\[[^\]]+\]:|\[\^[^\]]+\]/m;
const fenced = /^ {0,3}(`{3,}|~{3,})/m;

interface MarkdownProps {
  text: string;
  /** The text is still growing: nothing is highlighted yet. */
  streaming?: boolean;
  /** Off where colours would only distract (e.g. a preview). */
  highlight?: boolean;
  className?: string;
}

/**
 * Untrusted model output as Markdown, parsed a block at a time: each finished block is memoised
 * by its text, so a streaming reply parses only its open block on each delta, and when it ends
 * only the blocks with code are parsed again (to highlight them), instead of the whole reply in
 * one long task. The same component renders both states so the parsed blocks carry over.
 */
export const Markdown = memo(function Markdown({ text, streaming = false, highlight = true, className }: MarkdownProps): React.JSX.Element {
  // The split of the text this reply had one delta ago: splitting goes on from its open block.
  const last = useRef<StreamSplit | undefined>(undefined);
  const classes = `markdown ${streaming ? 'is-streaming' : ''} ${className ?? ''}`;
  const colour = (block: string) => highlight && !streaming && fenced.test(block);
  if (!streaming && crossReference.test(text)) {
    return (
      <div className={classes}>
        <MarkdownContent text={text} highlight={colour(text)} />
      </div>
    );
  }
  const split = splitStreamingBlocks(text, last.current);
  last.current = split;
  const { done, open } = split;
  return (
    <div className={classes}>
      <FinishedBlocks blocks={done} colour={colour} growing={streaming} />
      <MarkdownContent text={open} highlight={colour(open)} />
    </div>
  );
});

interface BlocksProps {
  blocks: string[];
  colour: (block: string) => boolean;
  /** Streaming: blocks are only ever added at the end. */
  growing: boolean;
}

/** Finished blocks per group: the page lays out and React compares a long reply by groups. */
const GROUP = 32;

/**
 * The finished blocks, in groups. While a reply grows they only gain one at the end, so the
 * count and the last one say whether anything changed; and only the last group can change, so a
 * long reply's thousand blocks are neither walked by React nor laid out again one by one by the
 * page on every delta (the page re-laid out every block of the reply on each frame, which grew
 * with the reply and made late frames long).
 */
const FinishedBlocks = memo(
  function FinishedBlocks({ blocks, colour }: BlocksProps): React.JSX.Element {
    const groups: React.JSX.Element[] = [];
    for (let start = 0; start < blocks.length; start += GROUP) {
      const group = blocks.slice(start, start + GROUP);
      // Finished blocks never change or move, so a group's start is a stable key.
      groups.push(<BlockGroup key={start} blocks={group} coloured={group.map(colour)} />);
    }
    return <>{groups}</>;
  },
  (before, after) => before.growing && after.growing && before.blocks.length === after.blocks.length && before.blocks.at(-1) === after.blocks.at(-1),
);

const sameItems = <T,>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const BlockGroup = memo(
  function BlockGroup({ blocks, coloured }: { blocks: string[]; coloured: boolean[] }): React.JSX.Element {
    return (
      <div className="markdown-group">
        {blocks.map((block, index) => (
          <MarkdownContent key={index} text={block} highlight={coloured[index]} />
        ))}
      </div>
    );
  },
  (before, after) => sameItems(before.blocks, after.blocks) && sameItems(before.coloured, after.coloured),
);

import { memo, type ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';
import { safeUrl } from './safe-url';
import { splitStreamingBlocks } from './stream-blocks';

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
const highlighted = [rehypeHighlight];
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

/** Untrusted model output as Markdown: raw HTML is dropped and only http(s)/mailto links survive. */
export const Markdown = memo(function Markdown({ text, highlight = true, className }: ContentProps & { className?: string }): React.JSX.Element {
  return (
    <div className={`markdown ${className ?? ''}`}>
      <MarkdownContent text={text} highlight={highlight} />
    </div>
  );
});

/**
 * A reply as it streams: finished blocks are memoised by their text and parsed once; only the
 * open block at the end is parsed again on each delta, so a long reply stays smooth.
 */
export function StreamingMarkdown({ text, className }: { text: string; className?: string }): React.JSX.Element {
  const { done, open } = splitStreamingBlocks(text);
  return (
    <div className={`markdown ${className ?? ''}`}>
      {done.map((block, index) => (
        // Finished blocks never change or move, so their index is a stable key.
        <MarkdownContent key={index} text={block} highlight={false} />
      ))}
      <MarkdownContent text={open} highlight={false} />
    </div>
  );
}

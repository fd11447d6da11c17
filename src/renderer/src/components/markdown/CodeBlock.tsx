import { useRef, type ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../common/CopyButton';

type Props = ComponentPropsWithoutRef<'pre'> & { node?: unknown };

function languageOf(children: unknown): string | null {
  const className = (children as { props?: { className?: string } } | null)?.props?.className ?? '';
  return /language-([\w+#-]+)/.exec(className)?.[1] ?? null;
}

/** A fenced block with its language and a copy button that copies the plain code. */
export function CodeBlock({ children, node: _node, ...rest }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const pre = useRef<HTMLPreElement>(null);
  const language = languageOf(children);
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-block-language">{language ?? ''}</span>
        <CopyButton label={t('markdown.copyCode')} text={() => pre.current?.textContent ?? ''} />
      </div>
      <pre ref={pre} {...rest}>
        {children}
      </pre>
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { reportError } from '../../store/actions';
import { copyText } from './copy-text';

/** Copies text and reports `copied` for a moment so the button can say so. */
export function useCopy(): { copied: boolean; copy: (text: string) => void } {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const copy = useCallback((text: string) => {
    copyText(text).then(
      () => {
        setCopied(true);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => setCopied(false), 1500);
      },
      (error: unknown) => reportError(error),
    );
  }, []);

  return { copied, copy };
}

import { useTranslation } from 'react-i18next';
import { IconButton } from './IconButton';
import { useCopy } from './useCopy';

export function CopyButton({ text, label }: { text: () => string; label: string }): React.JSX.Element {
  const { t } = useTranslation();
  const { copied, copy } = useCopy();
  return (
    <IconButton
      icon={copied ? 'check' : 'copy'}
      label={copied ? t('common.copied') : label}
      onClick={() => copy(text())}
    />
  );
}

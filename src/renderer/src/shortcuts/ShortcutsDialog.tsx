import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/common/Dialog';

/** Keys as printed on the keyboard; "Ctrl" reads as Command on a Mac, said once in the hint. */
const rows = [
  { action: 'newChat', keys: [['Alt', 'N']] },
  { action: 'searchChats', keys: [['Ctrl', 'K']] },
  { action: 'focusComposer', keys: [['Shift', 'Esc'], ['/']] },
  { action: 'stop', keys: [['Esc']] },
  { action: 'previousChat', keys: [['Alt', '↑']] },
  { action: 'nextChat', keys: [['Alt', '↓']] },
  { action: 'help', keys: [['?'], ['Ctrl', '/']] },
] as const;

export function ShortcutsDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Dialog title={t('shortcuts.title')} onClose={onClose}>
      <div className="dialog-form">
        <p className="field-hint">{t('shortcuts.hint')}</p>
        <dl className="shortcut-list">
          {rows.map((row) => (
            <div key={row.action} className="shortcut-row">
              <dt>{t(`shortcuts.${row.action}`)}</dt>
              <dd>
                {row.keys.map((combo, index) => (
                  <span key={combo.join('+')}>
                    {index > 0 && ` ${t('shortcuts.or')} `}
                    {combo.map((k, i) => (
                      <span key={k}>
                        {i > 0 && '+'}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </span>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </Dialog>
  );
}

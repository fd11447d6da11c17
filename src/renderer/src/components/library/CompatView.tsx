import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CompatReason, CompatReport } from '../../../../shared/models';
import { formatBytes, formatNumber } from '../../format';
import { errorText } from '../../i18n/error-text';
import type { CompatState } from '../../store/state';
import { Icon } from '../common/Icon';

/** One sentence per reason a model is tight or won't fit. */
export function reasonText(reason: CompatReason, t: TFunction, lang: string): string {
  const bytes = (value: number) => formatBytes(value, lang);
  switch (reason.code) {
    case 'ram':
      return t(reason.level === 'wont-fit' ? 'compat.reason.ramWontFit' : 'compat.reason.ramTight', {
        needed: bytes(reason.needed),
        available: bytes(reason.available),
      });
    case 'free-ram':
      return t('compat.reason.freeRam', { needed: bytes(reason.needed), available: bytes(reason.available) });
    case 'disk':
      return t('compat.reason.disk', { needed: bytes(reason.needed), available: bytes(reason.available) });
    case 'arch-unsupported':
      return t('compat.reason.archUnsupported', { architecture: reason.architecture });
    case 'context-too-large':
      return t('compat.reason.contextTooLarge', {
        requested: formatNumber(reason.requested, lang),
        trained: formatNumber(reason.trained, lang),
      });
  }
}

/** Whether a download should ask before it starts. */
export function needsConfirmation(report: CompatReport): boolean {
  return !report.diskOk || report.verdict === 'wont-fit';
}

const verdictIcon = { fits: 'check', tight: 'alert', 'wont-fit': 'alert' } as const;

function Report({ name, report }: { name: string; report: CompatReport }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { summary } = report;
  const bytes = (value: number) => formatBytes(value, lang);
  return (
    <section className="compat" data-verdict={report.verdict} aria-label={t('compat.label', { name })}>
      <p className="compat-verdict">
        <Icon name={verdictIcon[report.verdict]} />
        {t(`compat.verdict.${report.verdict}`)}
      </p>
      <ul className="compat-facts">
        <li className={summary.supported ? undefined : 'is-bad'}>
          {t(summary.supported ? 'compat.architectureSupported' : 'compat.architectureUnsupported', { architecture: summary.architecture })}
        </li>
        <li>
          {summary.contextLength
            ? t('compat.trainedContext', { value: formatNumber(summary.contextLength, lang) })
            : t('compat.trainedContextUnknown')}
        </li>
        <li>{t(summary.hasChatTemplate ? 'compat.template' : 'compat.noTemplate')}</li>
        <li>
          {t('compat.ram', {
            needed: bytes(report.ramBytes),
            contextSize: formatNumber(report.contextSize, lang),
            total: bytes(report.totalRamBytes),
            free: bytes(report.freeRamBytes),
          })}
        </li>
        <li className={report.diskOk ? undefined : 'is-bad'}>
          {t('compat.disk', { free: bytes(report.freeDiskBytes), size: bytes(report.fileSize) })}
        </li>
      </ul>
      {report.reasons.length > 0 && (
        <ul className="compat-reasons">
          {report.reasons.map((reason) => (
            <li key={reason.code}>{reasonText(reason, t, lang)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What `models.check` said about a model, or that it is still asking, or why it could not. */
export function CompatView({ name, state }: { name: string; state: CompatState | undefined }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!state) return null;
  if (state.status === 'checking') return <p className="compat-note">{t('library.checking')}</p>;
  if (state.status === 'failed') {
    return (
      <p className="compat-note is-error">
        <Icon name="alert" />
        {t('library.checkFailed', { message: errorText(t, state.error) })}
      </p>
    );
  }
  return <Report name={name} report={state.report} />;
}

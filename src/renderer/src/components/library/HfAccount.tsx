import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/domain';
import { hubAddressRisk, type HubAddressRisk } from '../../../../shared/hub-address';
import { setHfEndpoint, setHfToken } from '../../store/library-actions';
import { useAppStore } from '../../store/state';
import { ConfirmDialog } from '../common/ConfirmDialog';

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** The Hugging Face token (write-only: main never sends it back) and the Hub's address. */
export function HfAccount({ settings }: { settings: Settings }): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { token: useId(), endpoint: useId() };
  const [token, setToken] = useState('');
  const [endpoint, setEndpoint] = useState(settings.hfEndpoint);
  const [endpointError, setEndpointError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ endpoint: string; risk: HubAddressRisk } | null>(null);
  const proxy = useAppStore((s) => s.appInfo?.proxy);

  async function saveToken(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    if (await setHfToken(token.trim())) setToken('');
    setBusy(false);
  }

  async function saveEndpoint(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const value = endpoint.trim();
    const invalid = !isHttpUrl(value);
    setEndpointError(invalid);
    if (invalid) return;
    const risk = hubAddressRisk(value);
    // Plain http or another host sees the downloads (and, over https, the token): the user must say so.
    if (risk) {
      setPending({ endpoint: value, risk });
      return;
    }
    await commitEndpoint(value);
  }

  async function commitEndpoint(value: string): Promise<void> {
    setPending(null);
    setBusy(true);
    await setHfEndpoint(value);
    setBusy(false);
  }

  return (
    <section className="hf-account" aria-labelledby={`${ids.token}-title`}>
      <h3 id={`${ids.token}-title`}>{t('hf.account')}</h3>
      <form className="inline-form" onSubmit={(e) => void saveToken(e)}>
        <div className="field">
          <label htmlFor={ids.token}>{t('hf.token')}</label>
          <div className="inline-fields">
            <input
              id={ids.token}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={token}
              placeholder="hf_…"
              aria-describedby={`${ids.token}-hint`}
              onChange={(e) => setToken(e.target.value)}
            />
            <button type="submit" className="button" disabled={busy || !token.trim()}>
              {t('hf.saveToken')}
            </button>
          </div>
          <p id={`${ids.token}-hint`} className="field-hint">
            {settings.hasHfToken ? `${t('hf.tokenSaved')} ` : ''}
            {t('hf.tokenHint')}
          </p>
          {settings.hasHfToken && (
            <div>
              <button type="button" className="button small" disabled={busy} onClick={() => void setHfToken(null)}>
                {t('hf.removeToken')}
              </button>
            </div>
          )}
        </div>
      </form>
      <form className="inline-form" noValidate onSubmit={(e) => void saveEndpoint(e)}>
        <div className="field">
          <label htmlFor={ids.endpoint}>{t('hf.endpoint')}</label>
          <div className="inline-fields">
            <input
              id={ids.endpoint}
              type="text"
              inputMode="url"
              spellCheck={false}
              value={endpoint}
              aria-invalid={endpointError ? true : undefined}
              aria-describedby={`${ids.endpoint}-hint${endpointError ? ` ${ids.endpoint}-error` : ''}`}
              onChange={(e) => setEndpoint(e.target.value)}
            />
            <button type="submit" className="button" disabled={busy || endpoint.trim() === settings.hfEndpoint}>
              {t('hf.saveEndpoint')}
            </button>
          </div>
          <p id={`${ids.endpoint}-hint`} className="field-hint">
            {t('hf.endpointHint')}
          </p>
          {proxy && (
            <p className="field-hint">
              {t(proxy.hubProxy ? 'hf.proxyVia' : 'hf.proxyDirect', { proxy: proxy.hubProxy, source: t(`hf.proxySource_${proxy.source}`) })}
            </p>
          )}
          {endpointError && (
            <p id={`${ids.endpoint}-error`} className="field-error">
              {t('hf.endpointInvalid')}
            </p>
          )}
        </div>
      </form>
      {pending && (
        <ConfirmDialog
          title={t('hf.endpointConfirmTitle')}
          body={t(pending.risk === 'insecure' ? 'hf.endpointInsecure' : 'hf.endpointOtherHost', { endpoint: pending.endpoint })}
          confirmLabel={t('hf.endpointConfirm')}
          onCancel={() => setPending(null)}
          onConfirm={() => void commitEndpoint(pending.endpoint)}
        />
      )}
    </section>
  );
}

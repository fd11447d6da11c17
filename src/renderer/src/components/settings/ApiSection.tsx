import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiRequestInfo, Settings } from '../../../../shared/domain';
import { isScannedModelOk } from '../../../../shared/models';
import { formatNumber } from '../../format';
import { errorText } from '../../i18n/error-text';
import { loadApiState, setApiKey, stopApiRequest } from '../../store/actions';
import { baseName } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { CopyButton } from '../common/CopyButton';
import { IconButton } from '../common/IconButton';
import { NumberField } from './NumberField';
import type { ParsedDraft, SettingsDraft } from './settings-form';

interface Props {
  settings: Settings;
  draft: SettingsDraft;
  errors: ParsedDraft['errors'];
  set<K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]): void;
}

const KEY_MIN_LENGTH = 8;

function pythonExample(baseUrl: string, model: string, keyed: boolean): string {
  return [
    'from openai import OpenAI',
    '',
    `client = OpenAI(base_url="${baseUrl}", api_key="${keyed ? 'YOUR-KEY' : 'sin-clave'}")`,
    'response = client.chat.completions.create(',
    `    model="${model}",`,
    '    messages=[{"role": "user", "content": "¿Qué es un candil?"}],',
    ')',
    'print(response.choices[0].message.content)',
  ].join('\n');
}

function curlExample(baseUrl: string, model: string, keyed: boolean): string {
  return [
    `curl ${baseUrl}/chat/completions \\`,
    '  -H "Content-Type: application/json" \\',
    ...(keyed ? ['  -H "Authorization: Bearer YOUR-KEY" \\'] : []),
    `  -d '{"model": "${model}", "stream": true, "messages": [{"role": "user", "content": "¿Qué es un candil?"}]}'`,
  ].join('\n');
}

/** Settings → Local API: the server's switch and address (saved with the form), its key, examples and live requests. */
export function ApiSection({ settings, draft, errors, set }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { enabled: useId(), host: useId(), origins: useId(), key: useId() };
  const appInfo = useAppStore((s) => s.appInfo);
  const status = useAppStore((s) => s.apiStatus);
  const requests = useAppStore((s) => s.apiRequests);
  const models = useAppStore((s) => s.models);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadApiState();
  }, []);

  async function saveKey(value: string | null): Promise<void> {
    setBusy(true);
    if ((await setApiKey(value)) && value) setKey('');
    setBusy(false);
  }

  const baseUrl = status?.url ?? `http://${settings.apiHost}:${settings.apiPort}/v1`;
  // The model the examples name: the one chosen in the header, else the first installed one.
  const modelPath = settings.selectedModelPath ?? models.find(isScannedModelOk)?.path ?? null;
  const model = modelPath ? baseName(modelPath).replace(/\.gguf$/i, '') : 'MODEL';

  return (
    <fieldset className="api-section">
      <legend>{t('api.title')}</legend>
      <div className="field is-wide checkbox-field">
        <input id={ids.enabled} type="checkbox" checked={draft.apiEnabled} aria-describedby={`${ids.enabled}-hint`} onChange={(e) => set('apiEnabled', e.target.checked)} />
        <label htmlFor={ids.enabled}>{t('api.enabled')}</label>
        <p id={`${ids.enabled}-hint`} className="field-hint">
          {t('api.enabledHint')}
        </p>
      </div>
      <div className="field-grid">
        <NumberField field="apiPort" label={t('settings.apiPort')} value={draft.apiPort} error={errors.apiPort} onChange={(value) => set('apiPort', value)} />
        <div className="field">
          <label htmlFor={ids.host}>{t('api.host')}</label>
          <select id={ids.host} value={draft.apiHost} onChange={(e) => set('apiHost', e.target.value)}>
            <option value="127.0.0.1">{t('api.hostLocal')}</option>
            {[...new Set([...(appInfo?.networkAddresses ?? []), ...(settings.apiHost === '127.0.0.1' ? [] : [settings.apiHost])])].map((address) => (
              <option key={address} value={address}>
                {t('api.hostNetwork', { address })}
              </option>
            ))}
          </select>
        </div>
        <div className="field is-wide">
          <label htmlFor={ids.origins}>{t('api.origins')}</label>
          <textarea
            id={ids.origins}
            rows={2}
            spellCheck={false}
            value={draft.apiCorsOrigins}
            aria-invalid={errors.apiCorsOrigins ? true : undefined}
            aria-describedby={`${ids.origins}-hint${errors.apiCorsOrigins ? ` ${ids.origins}-error` : ''}`}
            onChange={(e) => set('apiCorsOrigins', e.target.value)}
          />
          <p id={`${ids.origins}-hint`} className="field-hint">
            {t('api.originsHint')}
          </p>
          {errors.apiCorsOrigins && (
            <p id={`${ids.origins}-error`} className="field-error">
              {t('api.originsInvalid')}
            </p>
          )}
        </div>
        <div className="field is-wide">
          <label htmlFor={ids.key}>{t('api.key')}</label>
          <div className="inline-fields">
            <input
              id={ids.key}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              value={key}
              aria-describedby={`${ids.key}-hint`}
              onChange={(e) => setKey(e.target.value)}
            />
            <button type="button" className="button" disabled={busy || key.trim().length < KEY_MIN_LENGTH} onClick={() => void saveKey(key.trim())}>
              {t('api.saveKey')}
            </button>
            {settings.hasApiKey && (
              <button type="button" className="button" disabled={busy} onClick={() => void saveKey(null)}>
                {t('api.removeKey')}
              </button>
            )}
          </div>
          <p id={`${ids.key}-hint`} className="field-hint">
            {settings.hasApiKey ? `${t('api.keySet')} ` : ''}
            {t('api.keyHint')}
          </p>
        </div>
      </div>

      <p className="api-status" aria-live="polite" data-running={status?.running ? 'true' : 'false'}>
        {status?.running
          ? t('api.statusRunning', { url: status.url })
          : status?.error
            ? t('api.statusError', { message: errorText(t, status.error) })
            : t('api.statusOff')}
      </p>

      {status?.running && (
        <div className="api-examples">
          <h3>{t('api.examples')}</h3>
          <div className="api-example">
            <pre>{pythonExample(baseUrl, model, settings.hasApiKey)}</pre>
            <CopyButton label={t('api.copyPython')} text={() => pythonExample(baseUrl, model, settings.hasApiKey)} />
          </div>
          <div className="api-example">
            <pre>{curlExample(baseUrl, model, settings.hasApiKey)}</pre>
            <CopyButton label={t('api.copyCurl')} text={() => curlExample(baseUrl, model, settings.hasApiKey)} />
          </div>
        </div>
      )}

      <h3>{t('api.requests')}</h3>
      {requests.length === 0 ? <p className="field-hint">{t('api.noRequests')}</p> : <RequestList requests={requests} />}
    </fieldset>
  );
}

function RequestList({ requests }: { requests: ApiRequestInfo[] }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  return (
    <ul className="api-requests">
      {requests.map((r) => (
        <li key={r.id} data-status={r.status}>
          <span>
            {t('api.request', {
              model: r.model,
              endpoint: t(`api.endpoint_${r.endpoint}`),
              count: r.tokens,
              tokens: formatNumber(r.tokens, i18n.language),
              status: t(`api.status_${r.status}`, { position: r.position ?? 0 }),
            })}
          </span>
          {(r.status === 'queued' || r.status === 'running') && <IconButton icon="stop" label={t('api.stopRequest', { model: r.model })} onClick={() => void stopApiRequest(r.id)} />}
        </li>
      ))}
    </ul>
  );
}

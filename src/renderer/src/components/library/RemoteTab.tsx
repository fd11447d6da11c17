import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { remotePresets, remoteServerKinds, type RemoteServer, type RemoteServerKind } from '../../../../shared/remote';
import { errorText } from '../../i18n/error-text';
import { deleteRemoteServer, loadRemoteModels, saveRemoteServer, selectModel } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { ConfirmDialog } from '../common/ConfirmDialog';

interface Draft {
  kind: RemoteServerKind;
  name: string;
  baseUrl: string;
  apiVersion: string;
  key: string;
  removeKey: boolean;
  models: string;
}

function draftFor(server: RemoteServer | null, kind: RemoteServerKind = 'openai'): Draft {
  if (server) {
    return { kind: server.kind, name: server.name, baseUrl: server.baseUrl, apiVersion: server.apiVersion ?? '', key: '', removeKey: false, models: server.models.join('\n') };
  }
  const preset = remotePresets[kind];
  return { kind, name: preset.name, baseUrl: preset.baseUrl, apiVersion: preset.apiVersion ?? '', key: '', removeKey: false, models: '' };
}

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Add or edit a server: a preset fills the name and address, the key is write-only. */
function ServerForm({ server, onDone }: { server: RemoteServer | null; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftFor(server));
  const [invalidUrl, setInvalidUrl] = useState(false);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function save(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const baseUrl = draft.baseUrl.trim();
    const invalid = !isHttpUrl(baseUrl);
    setInvalidUrl(invalid);
    if (invalid || !draft.name.trim()) return;
    setSaving(true);
    const saved = await saveRemoteServer({
      ...(server ? { id: server.id } : {}),
      name: draft.name.trim(),
      kind: draft.kind,
      baseUrl,
      apiVersion: draft.kind === 'azure' ? draft.apiVersion.trim() || null : null,
      models: draft.models
        .split('\n')
        .map((m) => m.trim())
        .filter(Boolean),
      ...(draft.key.trim() ? { key: draft.key.trim() } : draft.removeKey ? { key: null } : {}),
    });
    setSaving(false);
    if (saved) onDone();
  }

  return (
    <form className="remote-form" noValidate onSubmit={(e) => void save(e)} aria-label={server ? t('remote.edit', { name: server.name }) : t('remote.add')}>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('remote.kind')}</label>
          <select
            id={`${id}-kind`}
            value={draft.kind}
            onChange={(e) => {
              const kind = e.target.value as RemoteServerKind;
              setDraft((d) => (server ? { ...d, kind } : { ...draftFor(null, kind), key: d.key }));
            }}
          >
            {remoteServerKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`remote.kind_${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('remote.name')}</label>
          <input id={`${id}-name`} type="text" value={draft.name} required onChange={(e) => set('name', e.target.value)} />
        </div>
        <div className="field is-wide">
          <label htmlFor={`${id}-url`}>{t('remote.baseUrl')}</label>
          <input
            id={`${id}-url`}
            type="url"
            spellCheck={false}
            value={draft.baseUrl}
            aria-invalid={invalidUrl ? true : undefined}
            aria-describedby={`${id}-url-hint${invalidUrl ? ` ${id}-url-error` : ''}`}
            onChange={(e) => set('baseUrl', e.target.value)}
          />
          <p id={`${id}-url-hint`} className="field-hint">
            {t('remote.baseUrlHint')}
          </p>
          {invalidUrl && (
            <p id={`${id}-url-error`} className="field-error">
              {t('remote.baseUrlInvalid')}
            </p>
          )}
        </div>
        {draft.kind === 'azure' && (
          <div className="field">
            <label htmlFor={`${id}-version`}>{t('remote.apiVersion')}</label>
            <input id={`${id}-version`} type="text" spellCheck={false} value={draft.apiVersion} onChange={(e) => set('apiVersion', e.target.value)} />
          </div>
        )}
        <div className="field is-wide">
          <label htmlFor={`${id}-key`}>{t('remote.key')}</label>
          <input
            id={`${id}-key`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={draft.key}
            aria-describedby={`${id}-key-hint`}
            onChange={(e) => set('key', e.target.value)}
          />
          <p id={`${id}-key-hint`} className="field-hint">
            {t('remote.keyHint')} {server?.hasKey ? t('remote.keyKeep') : ''}
          </p>
          {server?.hasKey && (
            <label className="checkbox-inline">
              <input type="checkbox" checked={draft.removeKey} onChange={(e) => set('removeKey', e.target.checked)} />
              {t('remote.removeKey')}
            </label>
          )}
        </div>
        <div className="field is-wide">
          <label htmlFor={`${id}-models`}>{t('remote.models')}</label>
          <textarea id={`${id}-models`} rows={2} spellCheck={false} value={draft.models} aria-describedby={`${id}-models-hint`} onChange={(e) => set('models', e.target.value)} />
          <p id={`${id}-models-hint`} className="field-hint">
            {t('remote.modelsHint')}
          </p>
        </div>
      </div>
      <div className="remote-form-actions">
        <button type="button" className="button" onClick={onDone}>
          {t('remote.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={saving}>
          {t('remote.save')}
        </button>
      </div>
    </form>
  );
}

function ServerModels({ server }: { server: RemoteServer }): React.JSX.Element | null {
  const { t } = useTranslation();
  const state = useAppStore((s) => s.remoteModels[server.id]);
  const selected = useAppStore((s) => s.settings?.selectedModelPath ?? null);
  if (!state) return null;
  if (state.status === 'loading') return <p className="field-hint">{t('remote.loadingModels', { name: server.name })}</p>;
  if (state.status === 'failed') {
    return (
      <p className="field-error" role="alert">
        {t(`errors.${state.error.code}`)}: {errorText(t, state.error)}
      </p>
    );
  }
  if (state.models.length === 0) return <p className="field-hint">{t('remote.noModels', { name: server.name })}</p>;
  return (
    <ul className="remote-models">
      {state.models.map((model) => (
        <li key={model.ref}>
          <span>{model.id}</span>
          {model.ref === selected ? (
            <span className="badge">{t('remote.inUse')}</span>
          ) : (
            <button type="button" className="button small" onClick={() => void selectModel(model.ref)}>
              {t('remote.use', { model: model.id })}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Models screen → Remote servers: add, edit and delete servers, see their models and use one. */
export function RemoteTab(): React.JSX.Element {
  const { t } = useTranslation();
  const servers = useAppStore((s) => s.remoteServers);
  const [editing, setEditing] = useState<RemoteServer | 'new' | null>(null);
  const [deleting, setDeleting] = useState<RemoteServer | null>(null);

  useEffect(() => {
    for (const server of useAppStore.getState().remoteServers) {
      if (!useAppStore.getState().remoteModels[server.id]) void loadRemoteModels(server.id);
    }
  }, [servers]);

  return (
    <section className="remote-tab">
      <p className="field-hint">{t('remote.intro')}</p>
      {servers.length === 0 && editing === null && <p>{t('remote.none')}</p>}
      <ul className="remote-servers">
        {servers.map((server) => (
          <li key={server.id} className="remote-server">
            {editing !== null && editing !== 'new' && editing.id === server.id ? (
              <ServerForm server={server} onDone={() => setEditing(null)} />
            ) : (
              <>
                <header className="remote-server-header">
                  <h3>
                    {server.name} <span className="badge is-warning">{t('remote.leaves')}</span>
                  </h3>
                  <p className="field-hint">
                    {t(`remote.kind_${server.kind}`)} · {server.baseUrl}
                    {server.hasKey ? ` · ${t('remote.hasKey')}` : ''}
                  </p>
                  <div className="remote-server-actions">
                    <button type="button" className="button small" onClick={() => void loadRemoteModels(server.id)}>
                      {t('remote.showModels', { name: server.name })}
                    </button>
                    <button type="button" className="button small" onClick={() => setEditing(server)}>
                      {t('remote.edit', { name: server.name })}
                    </button>
                    <button type="button" className="button small danger" onClick={() => setDeleting(server)}>
                      {t('remote.delete', { name: server.name })}
                    </button>
                  </div>
                </header>
                <ServerModels server={server} />
              </>
            )}
          </li>
        ))}
      </ul>
      {editing === 'new' ? (
        <ServerForm server={null} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          {t('remote.add')}
        </button>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('remote.delete', { name: deleting.name })}
          body={t('remote.deleteConfirm', { name: deleting.name })}
          confirmLabel={t('remote.delete', { name: deleting.name })}
          onConfirm={() => {
            const server = deleting;
            setDeleting(null);
            void deleteRemoteServer(server);
          }}
          onCancel={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

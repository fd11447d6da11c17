import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isScannedModelOk, type ScannedModel } from '../../../../shared/models';
import { formatBytes, formatNumber } from '../../format';
import { errorText } from '../../i18n/error-text';
import { loadModels, selectModel, showChat } from '../../store/actions';
import { deleteModel } from '../../store/library-actions';
import { useAppStore } from '../../store/state';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { Icon } from '../common/Icon';
import { IconButton } from '../common/IconButton';
import { Gpt4AllOffer } from './Gpt4AllOffer';
import { ImportForm } from './ImportForm';
import { ModelDefaultsDialog } from './ModelDefaultsDialog';

function ModelRow({ model, onDefaults, onDelete }: { model: ScannedModel; onDefaults: () => void; onDelete: () => void }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const settings = useAppStore((s) => s.settings);
  const selected = settings?.selectedModelPath === model.path;
  const inPlace = settings?.externalModels.includes(model.path) ?? false;
  const ownDefaults = Object.keys(settings?.modelDefaults[model.path] ?? {}).length > 0;
  const ok = isScannedModelOk(model);

  return (
    <tr className={ok ? undefined : 'is-broken'}>
      <th scope="row">
        <span className="installed-name" title={model.path}>
          {!ok && <Icon name="alert" />}
          {model.fileName}
        </span>
        <span className="installed-badges">
          {selected && <span className="badge is-installed">{t('installed.inUse')}</span>}
          {inPlace && <span className="badge">{t('installed.inPlace')}</span>}
          {ownDefaults && <span className="badge">{t('installed.ownDefaults')}</span>}
        </span>
      </th>
      <td>{formatBytes(model.sizeBytes, lang)}</td>
      {ok ? (
        <>
          <td>{model.summary.quantization ?? '—'}</td>
          <td>
            {model.summary.architecture}
            {!model.summary.supported && <span className="cell-warning"> · {t('model.unsupported', { architecture: model.summary.architecture })}</span>}
          </td>
          <td>{model.summary.contextLength ? formatNumber(model.summary.contextLength, lang) : '—'}</td>
        </>
      ) : (
        <td colSpan={3} className="cell-error">
          {t('installed.broken', { reason: errorText(t, model.error) })}
        </td>
      )}
      <td>
        <div className="installed-actions">
          {ok && !selected && (
            <button
              type="button"
              className="button small"
              aria-label={t('library.useOf', { name: model.fileName })}
              onClick={() => {
                showChat();
                void selectModel(model.path);
              }}
            >
              {t('library.use')}
            </button>
          )}
          {ok && <IconButton icon="sliders" label={t('installed.defaultsOf', { file: model.fileName })} onClick={onDefaults} />}
          <IconButton icon="trash" label={t('installed.deleteOf', { file: model.fileName })} onClick={onDelete} />
        </div>
      </td>
    </tr>
  );
}

interface Props {
  dropped: string[];
  onDroppedChange: (paths: string[]) => void;
  canDrop: boolean;
}

export function InstalledTab({ dropped, onDroppedChange, canDrop }: Props): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const models = useAppStore((s) => s.models);
  const settings = useAppStore((s) => s.settings);
  const rescanning = useAppStore((s) => s.rescanning);
  const [editing, setEditing] = useState<ScannedModel | null>(null);
  const [deleting, setDeleting] = useState<ScannedModel | null>(null);

  const deletingInPlace = deleting !== null && (settings?.externalModels.includes(deleting.path) ?? false);

  return (
    <div className="installed">
      <div className="installed-toolbar">
        <span className="model-folder" title={settings?.modelsDir}>
          {t('installed.folder', { dir: settings?.modelsDir ?? '' })}
        </span>
        <button type="button" className="button small" disabled={rescanning} onClick={() => void loadModels(true)}>
          <Icon name="refresh" />
          {rescanning ? t('model.rescanning') : t('model.rescan')}
        </button>
      </div>
      {models.length === 0 ? (
        <p className="library-empty">{t('installed.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="installed-table">
            <caption className="visually-hidden">{t('installed.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('installed.file')}</th>
                <th scope="col">{t('installed.size')}</th>
                <th scope="col">{t('installed.quantization')}</th>
                <th scope="col">{t('installed.architecture')}</th>
                <th scope="col">{t('installed.context')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('installed.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <ModelRow key={model.path} model={model} onDefaults={() => setEditing(model)} onDelete={() => setDeleting(model)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Gpt4AllOffer />
      <ImportForm dropped={dropped} onDroppedChange={onDroppedChange} canDrop={canDrop} />

      {editing && settings && (
        <ModelDefaultsDialog path={editing.path} fileName={editing.fileName} settings={settings} onClose={() => setEditing(null)} />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('installed.confirmDeleteTitle', { file: deleting.fileName })}
          body={
            deletingInPlace
              ? t('installed.confirmForgetBody')
              : t('installed.confirmDeleteBody', { size: formatBytes(deleting.sizeBytes, i18n.language) })
          }
          confirmLabel={t('common.delete')}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const { path, fileName } = deleting;
            setDeleting(null);
            void deleteModel(path, fileName);
          }}
        />
      )}
    </div>
  );
}

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseModelRef } from '../../../../shared/model-ref';
import { isScannedModelOk, type ScannedModel } from '../../../../shared/models';
import type { RemoteModel } from '../../../../shared/remote';
import { loadModels, loadRemoteModels, selectModel } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';
import { ModelOption, modelName } from './ModelOption';
import { RemoteModelOption } from './RemoteModelOption';

type PickerOption = { kind: 'local'; key: string; model: ScannedModel } | { kind: 'remote'; key: string; model: RemoteModel };

/**
 * A button that opens a listbox of the models folder (broken files are listed but disabled),
 * followed by the models of the remote servers the user added, marked as leaving the computer.
 */
export function ModelPicker(): React.JSX.Element {
  const { t } = useTranslation();
  const listId = useId();
  const localModels = useAppStore((s) => s.models);
  const remoteServers = useAppStore((s) => s.remoteServers);
  const remoteModels = useAppStore((s) => s.remoteModels);
  const models: PickerOption[] = useMemo(
    () => [
      ...localModels.map((model) => ({ kind: 'local' as const, key: model.path, model })),
      ...remoteServers.flatMap((server) => {
        const state = remoteModels[server.id];
        return state?.status === 'done' ? state.models.map((model) => ({ kind: 'remote' as const, key: model.ref, model })) : [];
      }),
    ],
    [localModels, remoteServers, remoteModels],
  );
  const selectedPath = useAppStore((s) => s.settings?.selectedModelPath ?? null);
  const modelsDir = useAppStore((s) => s.settings?.modelsDir ?? '');
  const rescanning = useAppStore((s) => s.rescanning);
  const loadingModel = useAppStore((s) => s.worker?.state === 'loading');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const selectedRef = selectedPath ? parseModelRef(selectedPath) : null;
  const selectedLocal = localModels.find((m) => m.path === selectedPath);
  const selectedServer = selectedRef?.kind === 'remote' ? remoteServers.find((s) => s.id === selectedRef.serverId) : undefined;
  const selected = selectedLocal ?? (selectedRef?.kind === 'remote' && selectedServer ? selectedRef : undefined);
  const name = selectedLocal
    ? modelName(selectedLocal)
    : selectedRef?.kind === 'remote' && selectedServer
      ? `${selectedRef.model} · ${selectedServer.name}`
      : t('model.choose');

  useEffect(() => {
    if (!open) return;
    // Ask each remote server for its models when the list opens (once; Models → Remote refreshes them).
    for (const server of remoteServers) if (!useAppStore.getState().remoteModels[server.id]) void loadRemoteModels(server.id);
    setActive(Math.max(0, models.findIndex((m) => m.key === selectedPath)));
    list.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
    // Only when it opens: later list changes keep the user's position.
  }, [open]);

  function close(): void {
    setOpen(false);
    button.current?.focus();
  }

  function choose(index: number): void {
    const option = models[index];
    if (!option || (option.kind === 'local' && !isScannedModelOk(option.model))) return;
    close();
    if (option.key !== selectedPath) void selectModel(option.key);
  }

  function onListKeyDown(event: React.KeyboardEvent): void {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0 && models.length > 0) {
      event.preventDefault();
      setActive((i) => (i + step + models.length) % models.length);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      setActive(event.key === 'Home' ? 0 : models.length - 1);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(active);
    }
  }

  // Tab moves on from the list to Rescan (inside the popover); the list closes once focus leaves the picker.
  function onBlur(event: React.FocusEvent): void {
    if (!root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  }

  function onPopoverKeyDown(event: React.KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  }

  return (
    <div className="model-picker" ref={root} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        className={`model-picker-button ${selected ? '' : 'is-empty'} ${selectedServer ? 'is-remote' : ''}`}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-label={t('model.button', { name })}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="model-picker-name">{name}</span>
        {loadingModel && <span className="model-picker-loading">{t('model.loading')}</span>}
        <Icon name="chevron" />
      </button>
      {open && (
        <div className="model-popover" onKeyDown={onPopoverKeyDown}>
          {models.length > 0 ? (
            <ul
              ref={list}
              id={listId}
              role="listbox"
              tabIndex={-1}
              aria-label={t('model.listLabel')}
              aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
              onKeyDown={onListKeyDown}
            >
              {models.map((option, index) =>
                option.kind === 'local' ? (
                  <ModelOption
                    key={option.key}
                    id={`${listId}-${index}`}
                    model={option.model}
                    selected={option.key === selectedPath}
                    active={index === active}
                    onChoose={() => choose(index)}
                    onHover={() => setActive(index)}
                  />
                ) : (
                  <RemoteModelOption
                    key={option.key}
                    id={`${listId}-${index}`}
                    model={option.model}
                    selected={option.key === selectedPath}
                    active={index === active}
                    onChoose={() => choose(index)}
                    onHover={() => setActive(index)}
                  />
                ),
              )}
            </ul>
          ) : (
            <div className="model-empty">
              <p>{t('model.empty')}</p>
              <p className="field-hint">{t('model.emptyHint')}</p>
            </div>
          )}
          <footer className="model-popover-footer">
            <span className="model-folder" title={modelsDir}>
              {t('model.folder', { dir: modelsDir })}
            </span>
            <button type="button" className="button small" disabled={rescanning} onClick={() => void loadModels(true)}>
              <Icon name="refresh" />
              {rescanning ? t('model.rescanning') : t('model.rescan')}
            </button>
          </footer>
        </div>
      )}
    </div>
  );
}

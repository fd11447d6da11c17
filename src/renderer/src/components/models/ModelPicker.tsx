import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isScannedModelOk } from '../../../../shared/models';
import { loadModels, selectModel } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';
import { ModelOption, modelName } from './ModelOption';

/** A button that opens a listbox of the models folder; broken files are listed but disabled. */
export function ModelPicker(): React.JSX.Element {
  const { t } = useTranslation();
  const listId = useId();
  const models = useAppStore((s) => s.models);
  const selectedPath = useAppStore((s) => s.settings?.selectedModelPath ?? null);
  const modelsDir = useAppStore((s) => s.settings?.modelsDir ?? '');
  const rescanning = useAppStore((s) => s.rescanning);
  const loadingModel = useAppStore((s) => s.worker?.state === 'loading');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const selected = models.find((m) => m.path === selectedPath);
  const name = selected ? modelName(selected) : t('model.choose');

  useEffect(() => {
    if (!open) return;
    setActive(Math.max(0, models.findIndex((m) => m.path === selectedPath)));
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
    const model = models[index];
    if (!model || !isScannedModelOk(model)) return;
    close();
    if (model.path !== selectedPath) void selectModel(model.path);
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
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  }

  return (
    <div className="model-picker" ref={root}>
      <button
        ref={button}
        type="button"
        className={`model-picker-button ${selected ? '' : 'is-empty'}`}
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
        <div className="model-popover">
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
              {models.map((model, index) => (
                <ModelOption
                  key={model.path}
                  id={`${listId}-${index}`}
                  model={model}
                  selected={model.path === selectedPath}
                  active={index === active}
                  onChoose={() => choose(index)}
                  onHover={() => setActive(index)}
                />
              ))}
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

import { useTranslation } from 'react-i18next';
import type { EnqueueDownloadRequest } from '../../../../shared/downloads';
import type { HfGgufFile } from '../../../../shared/models';
import { formatBytes } from '../../format';
import { baseName } from '../../store/selectors';
import { GetModel } from './GetModel';

const sha256Pattern = /^[0-9a-f]{64}$/;

function request(url: string, path: string, sizeBytes: number, sha256: string | null): EnqueueDownloadRequest {
  const hash = sha256?.toLowerCase();
  return { url, fileName: baseName(path), ...(hash && sha256Pattern.test(hash) ? { sha256: hash } : {}), size: sizeBytes };
}

/** A split model downloads every part next to the first, which is what llama.cpp opens. */
export function hfRequests(file: HfGgufFile): EnqueueDownloadRequest[] {
  if (file.split && file.parts.length > 0) return file.parts.map((part) => request(part.downloadUrl, part.path, part.sizeBytes, part.sha256));
  return [request(file.downloadUrl, file.fileName, file.sizeBytes, file.sha256)];
}

export function HfFileRow({ file }: { file: HfGgufFile }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const incomplete = file.split !== null && !file.split.complete;
  const meta = [formatBytes(file.sizeBytes, i18n.language), file.quantization ?? t('hf.unknownQuantization')];
  if (file.split) meta.push(t('hf.split', { count: file.split.count }));

  return (
    <li className={`hf-file ${incomplete ? 'is-disabled' : ''}`}>
      <div className="hf-file-head">
        <strong className="hf-file-name">{file.fileName}</strong>
        <span className="hf-file-meta">{meta.join(' · ')}</span>
        {file.isProjector && <span className="badge is-note">{t('hf.projector')}</span>}
        {incomplete && <span className="badge is-bad">{t('hf.splitIncomplete')}</span>}
      </div>
      <GetModel name={file.fileName} source={file.downloadUrl} fileSize={file.sizeBytes} requests={hfRequests(file)} unavailable={incomplete} />
    </li>
  );
}

/**
 * Hands text to the browser as a download. Works the same in Electron (which asks where to save)
 * and in the browser host, and needs no file system access in the renderer.
 */
export function saveFile(file: { fileName: string; mimeType: string; text: string }): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: `${file.mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL is released once that task is done.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

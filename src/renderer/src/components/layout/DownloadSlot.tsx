/**
 * Reserved for the download progress indicator of the Models page (a later task).
 * Empty on purpose: it only holds the place in the header layout.
 */
export function DownloadSlot(): React.JSX.Element {
  return <div className="download-slot" data-testid="download-slot" />;
}

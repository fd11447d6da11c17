import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { resolveAppRequest } from './app-protocol';
import { APP_SCHEME } from './trusted-origin';

/** Before app is ready: app:// behaves like https (standard, secure) so the page gets a real origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer at app://candil/, with its CSP on every response. */
export function serveAppScheme(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = resolveAppRequest(request.url, rendererRoot);
    if (answer.status !== 200) return new Response(null, { status: answer.status, headers: answer.headers });
    // A missing file rejects (net::ERR_FILE_NOT_FOUND) rather than answering 404: both are a 404 here.
    const file = await net.fetch(pathToFileURL(answer.file).href).catch(() => null);
    if (!file?.ok) return new Response(null, { status: 404, headers: answer.headers });
    return new Response(file.body, { status: 200, headers: answer.headers });
  });
}

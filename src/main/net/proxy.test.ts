import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSampling } from '../../shared/domain';
import type { RemoteServerConfig } from '../../shared/remote';
import { cdnRanges, createHarness, fileSha256, writeRandomFile, type Harness } from '../../test-support/download-harness';
import { startForwardProxy, type ForwardProxy } from '../../test-support/forward-proxy';
import { buildGguf, tinyLlamaFixture } from '../../test-support/gguf-fixtures';
import { startOpenAiTestServer } from '../../test-support/openai-stub-server';
import { startTlsFileServer } from '../../test-support/tls-file-server';
import { requestBody } from '../downloads/body-request';
import { HfClient } from '../models/hf-client';
import { inspectGguf } from '../models/gguf-inspect';
import { listRemoteModels, streamRemoteChat } from '../remote/remote-client';
import { proxyInEffect, routeGlobalFetch } from './http';

// Every way out of main, through a real forward proxy on loopback. The fake hub is on 127.0.0.1,
// which is never proxied by default: `<-loopback>` in NO_PROXY (Chromium's syntax) lets it be.

const proxyVars = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'NODE_TLS_REJECT_UNAUTHORIZED'];
const savedEnv = Object.fromEntries(proxyVars.map((name) => [name, process.env[name]]));

let h: Harness;
let proxy: ForwardProxy | undefined;
let file: { path: string; sha256: string };
let url: string;
const gguf = buildGguf(tinyLlamaFixture()).bytes;
const size = 1_000_000;

function useProxy(proxyUrl: string, noProxy = '<-loopback>'): void {
  for (const name of proxyVars.filter((n) => n.endsWith('_PROXY') || n.endsWith('_proxy'))) delete process.env[name];
  process.env.HTTP_PROXY = proxyUrl;
  process.env.HTTPS_PROXY = proxyUrl;
  process.env.NO_PROXY = noProxy;
}

/** CONNECT tunnels the proxy opened to the fake hub. */
function tunnelsToHub(): number {
  const hub = new URL(h.host.url).host;
  return proxy?.forwarded.filter((f) => f.method === 'CONNECT' && f.target === hub).length ?? 0;
}

async function download(manager = h.manager()): Promise<{ id: string; targetPath: string; manager: typeof manager }> {
  await manager.start();
  const info = await manager.enqueue({ url, fileName: 'model.gguf' });
  return { id: info.id, targetPath: info.targetPath, manager };
}

beforeEach(async () => {
  h = await createHarness([]);
  file = writeRandomFile(h.dir, 'model.bin', size);
  await h.host.addRepo({ id: 'acme/Tiny-GGUF', files: [{ path: 'tiny-Q4_0.gguf', source: file.path }, { path: 'real-Q8_0.gguf', source: gguf }] });
  url = h.host.fileUrl('acme/Tiny-GGUF', 'tiny-Q4_0.gguf');
});

afterEach(async () => {
  for (const name of proxyVars) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await proxy?.kill();
  proxy = undefined;
  await h.cleanup();
});

describe('through an HTTP proxy', () => {
  it('downloads and searches the Hub through HTTPS_PROXY / HTTP_PROXY', async () => {
    proxy = await startForwardProxy();
    useProxy(proxy.url);
    const { id, targetPath } = await download();
    const done = await h.events.settled(id);
    expect(done.error).toBeNull();
    expect(done.state).toBe('completed');
    expect(fileSha256(targetPath)).toBe(file.sha256);
    // The probe and the body each went through a tunnel, and the body's bytes came back through it.
    expect(tunnelsToHub()).toBeGreaterThanOrEqual(2);
    expect(proxy.bytesToClients).toBeGreaterThan(size);

    const before = tunnelsToHub();
    const repos = await new HfClient({ endpoint: h.host.url }).searchGgufRepos({ query: 'tiny' });
    expect(repos.map((r) => r.id)).toEqual(['acme/Tiny-GGUF']);
    expect(tunnelsToHub()).toBeGreaterThan(before);
  });

  it('downloads over HTTPS through a CONNECT tunnel to HTTPS_PROXY', async () => {
    const mirror = await startTlsFileServer(readFileSync(file.path));
    try {
      proxy = await startForwardProxy();
      useProxy(proxy.url);
      delete process.env.HTTP_PROXY;
      // The mirror's certificate is self-signed.
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      const manager = h.manager();
      await manager.start();
      const info = await manager.enqueue({ url: mirror.url, fileName: 'mirrored.gguf' });
      expect((await h.events.settled(info.id)).state).toBe('completed');
      expect(fileSha256(info.targetPath)).toBe(file.sha256);
      const target = new URL(mirror.url).host;
      // The HEAD probe (undici) and the body (socket reader over the tunnel) both went through the proxy.
      expect(proxy.forwarded.filter((f) => f.method === 'CONNECT' && f.target === target).length).toBeGreaterThanOrEqual(2);
      expect(proxy.bytesToClients).toBeGreaterThan(size);
      expect(mirror.ranges).toEqual([null]);
    } finally {
      await mirror.close();
    }
  });

  it('goes direct to hosts NO_PROXY lists', async () => {
    proxy = await startForwardProxy();
    useProxy(proxy.url, `<-loopback>,${new URL(h.host.url).hostname}`);
    const { id, targetPath } = await download();
    expect((await h.events.settled(id)).state).toBe('completed');
    expect(fileSha256(targetPath)).toBe(file.sha256);
    expect((await new HfClient({ endpoint: h.host.url }).searchGgufRepos({ query: 'tiny' })).length).toBe(1);
    expect(proxy.forwarded).toEqual([]);
  });

  it('keeps the partial file when the proxy dies mid-transfer, says so, and resumes through it once it is back', async () => {
    proxy = await startForwardProxy();
    const port = proxy.port;
    useProxy(proxy.url);
    h.host.setFault('tiny-Q4_0.gguf', { type: 'throttle', bytesPerSecond: 400_000 });
    const { id, targetPath, manager } = await download();
    await h.events.waitFor((e) => e.id === id && e.receivedBytes > 150_000);
    await proxy.kill();

    const failed = await h.events.settled(id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'NETWORK', params: { reason: 'proxy_refused', proxy: `127.0.0.1:${port}` } });
    const kept = statSync(`${targetPath}.part`).size;
    expect(kept).toBeGreaterThan(150_000);
    expect(kept).toBeLessThan(size);

    h.host.clearFaults();
    proxy = await startForwardProxy({ port });
    const from = h.events.all.length;
    await manager.resume(id);
    const done = await h.events.settled(id, from);
    expect(done.state).toBe('completed');
    expect(fileSha256(targetPath)).toBe(file.sha256);
    expect(cdnRanges(h.host).at(-1)).toBe(`bytes=${kept}-`);
    expect(tunnelsToHub()).toBeGreaterThanOrEqual(2);
  });

  it('reports a proxy that wants a password (407) as such, and logs in with the one in the URL without ever showing it', async () => {
    proxy = await startForwardProxy({ auth: { user: 'candil', password: 'pa:ss word' } });
    useProxy(proxy.url);
    const { id, manager } = await download();
    const failed = await h.events.settled(id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'NETWORK', params: { reason: 'proxy_auth', status: 407 } });
    expect(existsSync(failed.targetPath)).toBe(false);
    await expect(new HfClient({ endpoint: h.host.url }).searchGgufRepos({ query: 'tiny' })).rejects.toMatchObject({ code: 'NETWORK', params: { reason: 'proxy_auth' } });
    expect(proxy.refusedAuth).toBeGreaterThanOrEqual(2);

    useProxy(`http://candil:${encodeURIComponent('pa:ss word')}@127.0.0.1:${proxy.port}`);
    const from = h.events.all.length;
    await manager.resume(id);
    expect((await h.events.settled(id, from)).state).toBe('completed');
    expect((await new HfClient({ endpoint: h.host.url }).searchGgufRepos({ query: 'tiny' })).length).toBe(1);
    expect(JSON.stringify(h.events.all)).not.toMatch(/pa(:|%3A)ss|candil:/);
  });

  it('opens download bodies\' tunnels with the same credentials and the same typed errors', async () => {
    proxy = await startForwardProxy({ auth: { user: 'candil', password: 'secret' } });
    const options = { headers: {}, signal: new AbortController().signal, headersTimeoutMs: 2_000 };
    useProxy(proxy.url);
    await expect(requestBody(new URL(url), options)).rejects.toMatchObject({ code: 'NETWORK', reason: 'proxy_auth', retryable: false });
    useProxy(`http://candil:secret@127.0.0.1:${proxy.port}`);
    const res = await requestBody(new URL(url), options);
    // The hub's redirect to its CDN: the request reached the hub through the tunnel.
    expect(res.statusCode).toBe(302);
    res.destroy();
    expect(tunnelsToHub()).toBe(1);
    await proxy.kill();
    await expect(requestBody(new URL(url), options)).rejects.toMatchObject({ code: 'NETWORK', reason: 'proxy_refused', retryable: true });
  });

  it('reads a GGUF header through the proxy, node-llama-cpp\'s own fetch included', async () => {
    proxy = await startForwardProxy();
    useProxy(proxy.url);
    routeGlobalFetch();
    // With the size known, the only requests are node-llama-cpp's, on the global fetch.
    const summary = await inspectGguf(h.host.fileUrl('acme/Tiny-GGUF', 'real-Q8_0.gguf'), { knownFileSize: gguf.length });
    expect(summary.architecture).toBe('llama');
    expect(tunnelsToHub()).toBeGreaterThanOrEqual(1);

    await proxy.kill();
    await expect(inspectGguf(h.host.fileUrl('acme/Tiny-GGUF', 'real-Q8_0.gguf'), { knownFileSize: gguf.length })).rejects.toMatchObject({
      code: 'NETWORK',
      params: { reason: expect.stringMatching(/^proxy_(refused|dropped)$/) },
    });
  });

  it('tells Settings which proxy the Hub goes through, without its credentials', async () => {
    useProxy('http://alice:s3cret@127.0.0.1:3128');
    expect(await proxyInEffect(h.host.url)).toEqual({ source: 'environment', hubProxy: '127.0.0.1:3128' });
    useProxy('http://alice:s3cret@127.0.0.1:3128', '<-loopback>,127.0.0.1');
    expect(await proxyInEffect(h.host.url)).toEqual({ source: 'environment', hubProxy: null });
  });

  it('talks to remote OpenAI-compatible servers through the proxy, streaming included', async () => {
    const remote = await startOpenAiTestServer(['tiny-remote'], 'Hello from far away');
    try {
      proxy = await startForwardProxy();
      useProxy(proxy.url);
      const server: RemoteServerConfig = { id: 'r1', name: 'Far', kind: 'openai', baseUrl: remote.baseUrl, apiVersion: null, models: [] };
      expect(await listRemoteModels(server, null)).toEqual(['tiny-remote']);
      const pieces: string[] = [];
      const result = await streamRemoteChat(server, null, { model: 'tiny-remote', systemPrompt: '', history: [{ role: 'user', text: 'hi' }], sampling: defaultSampling }, new AbortController().signal, (text) => pieces.push(text));
      expect(result.text).toBe('Hello from far away');
      expect(pieces.length).toBeGreaterThan(1);
      expect(proxy.forwarded.filter((f) => f.target === new URL(remote.baseUrl).host).length).toBeGreaterThanOrEqual(1);

      await proxy.kill();
      // Refused, or dropped when the pool still held the tunnel the kill cut.
      await expect(listRemoteModels(server, null)).rejects.toMatchObject({ code: 'NETWORK', params: { reason: expect.stringMatching(/^proxy_(refused|dropped)$/), server: 'Far' } });
    } finally {
      await remote.close();
    }
  });
});

import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeScriptedModel } from '../src/test-support/scripted-model';
import { makeDataDir, startHost, type RunningHost } from './candil-host';

// A chat sent to a remote server, as a user sets it up: the remote server is a second Candil
// serving its local API on another port, with a model whose reply is known.

let here: ReturnType<typeof makeDataDir>;
let there: ReturnType<typeof makeDataDir>;
const hosts: RunningHost[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.beforeEach(() => {
  here = makeDataDir();
  there = makeDataDir();
});

test.afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  here.cleanup();
  there.cleanup();
});

test('sends a chat to another Candil through its OpenAI-compatible API, and says it leaves this computer', async ({ page }) => {
  await writeScriptedModel(join(there.modelsDir, 'candil-hola.gguf'), { reply: ['Hola', ',', ' soy', ' el', ' otro', ' Candil', '.'] });
  const apiPort = await freePort();
  const remote = await startHost(there.dataDir, {}, ['--api', '--api-port', String(apiPort)]);
  hosts.push(remote);
  await expect.poll(() => remote.output()).toContain(`OpenAI-compatible API at http://127.0.0.1:${apiPort}/v1`);

  const local = await startHost(here.dataDir);
  hosts.push(local);
  await page.goto(local.url);
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await page.getByRole('tab', { name: 'Remote servers' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Remote servers' });
  await panel.getByRole('button', { name: 'Add a server' }).click();
  await panel.getByLabel('Kind', { exact: true }).selectOption('llamacpp');
  await panel.getByLabel('Name', { exact: true }).fill('Candil del salón');
  await panel.getByLabel('Address (base URL)').fill(`http://127.0.0.1:${apiPort}/v1`);
  await panel.getByRole('button', { name: 'Save server' }).click();
  await expect(panel.getByText('Leaves this computer', { exact: true })).toBeVisible();
  await panel.getByRole('button', { name: 'Use candil-hola' }).click();
  await expect(panel.getByText('In use', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await expect(page.getByText('Your messages in this chat are sent to Candil del salón: they leave this computer.')).toBeVisible();
  await page.getByRole('button', { name: 'New chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('¿Quién eres?');
  await box.press('Enter');
  const reply = page.locator('[data-status]').last();
  await expect(reply).toHaveAttribute('data-status', 'done');
  await expect(reply).toContainText('Hola, soy el otro Candil.');
  await expect(reply).toContainText('answered by candil-hola on Candil del salón');
});

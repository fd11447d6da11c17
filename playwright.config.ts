import { execSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

function chromiumPath(): string | undefined {
  if (process.env.CANDIL_CHROMIUM) return process.env.CANDIL_CHROMIUM;
  try {
    return execSync('which chromium || which chromium-browser', { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return undefined;
  }
}

export default defineConfig({
  testDir: 'e2e',
  // Each test starts its own host and worker; two cores cannot run several at once well.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    trace: 'retain-on-failure',
    locale: 'en-US',
    launchOptions: {
      executablePath: chromiumPath(),
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
});

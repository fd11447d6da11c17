export {};
// `npm run bench`: ratios measured side by side in one run, never timed tests.
const only = process.argv[2];
const benches: [string, () => Promise<string[]>][] = [
  ['engine', async () => (await import('./engine')).benchEngine()],
  ['api', async () => (await import('./api')).benchApi()],
  ['download', async () => (await import('./download')).benchDownload()],
  ['history', async () => (await import('./history')).benchHistory()],
  ['chat-ui', async () => (await import('./chat-ui')).benchChatUi()],
];
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  console.log(`\n# ${name}`);
  for (const line of await run()) console.log(line);
}
process.exit(0);

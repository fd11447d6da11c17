/**
 * Serves one file from the fake HF host in its own process, so a benchmark measures the client
 * without the server sharing its event loop. Prints `{"url": …}` once listening; exits when stdin closes.
 * Usage: node --import tsx fake-host-process.ts <file> <sha256>
 *
 * The file is served from memory: streamed from disk, the host spent ~1.3 CPU-s/GB (as much as curl
 * itself) on the same 2 cores as the client, and capped curl's own speed. A real CDN costs the client
 * machine nothing, so the host should cost as little as possible, for both clients alike.
 */
import { readFileSync } from 'node:fs';
import { startFakeHfHost } from '../../src/test-support/fake-hf-host';

const [file, sha256] = process.argv.slice(2);
if (!file || !sha256) throw new Error('usage: fake-host-process <file> <sha256>');
const host = await startFakeHfHost({ repos: [{ id: 'bench/big-GGUF', files: [{ path: 'big.gguf', source: readFileSync(file), sha256 }] }] });
process.stdout.write(`${JSON.stringify({ url: host.fileUrl('bench/big-GGUF', 'big.gguf') })}\n`);
process.stdin.resume();
process.stdin.once('end', () => void host.close().then(() => process.exit(0)));

import { LlamaEngine } from './llama-engine';
import { connectToParent } from './parent-channel';
import { serveWorker } from './worker-server';

// Entry of the inference worker: Electron's utilityProcess.fork in the app,
// child_process.fork of this same built file in the browser host and tests.
serveWorker(connectToParent(), new LlamaEngine());

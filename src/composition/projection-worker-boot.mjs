// Starts the projection thread from TypeScript sources (tsx, vitest): a worker thread does not
// inherit the parent's loader, so it registers tsx's before importing the entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

/** Spawns a TypeScript child process (through tsx) and reads its stdout line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type TsChild = {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves when a line matching `test` has been printed (or rejects after the timeout). */
  readonly waitForLine: (test: (line: string) => boolean, timeoutMs?: number) => Promise<string>;
  readonly kill9: () => Promise<void>;
};

export function spawnTs(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): TsChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of watchers) w(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines,
    waitForLine: (test, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const found = lines.find(test);
        if (found !== undefined) return resolve(found);
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`no matching line within ${timeoutMs} ms`));
        }, timeoutMs);
        const watch = (line: string) => {
          if (!test(line)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(line);
        };
        watchers.add(watch);
      }),
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

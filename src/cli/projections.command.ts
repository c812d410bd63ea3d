/**
 * `cli projections list` and `cli projections rebuild NAME`. A rebuild runs here when no
 * other process runs the projector; when a server holds its lease, the server is asked to
 * rebuild and this command follows its progress until the switch.
 */
import type { System } from '../composition/system.js';
import { progressBar } from './progress-bar.js';

export async function listProjections(system: System, out: (line: string) => void): Promise<void> {
  const rows = await system.runtime.status();
  out(['name', 'version', 'status', 'checkpoint', 'head', 'lag', 'lagMs', 'parked'].join('\t'));
  for (const s of rows)
    out(
      [s.name, s.version, s.status, s.checkpoint, s.headPosition, s.lagEvents, s.lagMs, s.parkedEvents].join(
        '\t',
      ),
    );
}

export async function rebuildProjection(system: System, name: string): Promise<void> {
  const before = (await system.runtime.status()).find((s) => s.name === name);
  if (before === undefined) throw new Error(`there is no projection named ${name}`);
  const bar = progressBar(`rebuild ${name}`);
  if (before.owner !== undefined && before.status !== 'stopped') {
    await system.runtime.startRebuild(name);
    await followRemoteRebuild(system, name, before.generation, bar);
    return;
  }
  await system.runtime.start();
  const result = await system.runtime.rebuild(name, (p) => bar.update(p.checkpoint, p.target));
  bar.finish(`switched to generation ${result.generation} at position ${result.checkpoint}`);
}

async function followRemoteRebuild(
  system: System,
  name: string,
  fromGeneration: number,
  bar: ReturnType<typeof progressBar>,
): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const status = (await system.runtime.status()).find((s) => s.name === name);
    if (status === undefined) throw new Error(`projection ${name} disappeared`);
    if (status.rebuild !== undefined) bar.update(status.rebuild.checkpoint, status.rebuild.target);
    if (status.generation > fromGeneration && status.rebuild === undefined) {
      bar.finish(`switched to generation ${status.generation} (run by ${status.owner ?? 'another process'})`);
      return;
    }
    if (status.status === 'failed') throw new Error(`projection ${name} failed during the rebuild`);
  }
}

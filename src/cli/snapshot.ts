import { parseArgs } from 'node:util';
import { snapshotScript } from '../engine/export/snapshot';
import { EX_USAGE } from './load';
import type { Io } from './main';

/*
 * `hairpin snapshot`: prints the read-only shell script that, run on a real Linux machine,
 * prints that machine's network configuration as a one-device scenario (src/engine/export/snapshot.ts).
 */

export const SNAPSHOT_USAGE = 'hairpin snapshot > snap.sh';

export function snapshotCommand(args: string[], io: Io): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length) {
    io.stderr(`usage: ${SNAPSHOT_USAGE}\n`);
    return EX_USAGE;
  }
  io.stdout(snapshotScript());
  return 0;
}

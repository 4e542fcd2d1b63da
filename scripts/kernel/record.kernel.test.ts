import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pcapRecordHeaders } from '../../src/engine/wire/pcap';
import { whyNoKernelLab } from '../../src/engine/testing/kernel-lab';

/*
 * The recorder's fallback on the kernel (README.md, "What one flow does", step 2): a flow whose
 * snug captures cut a frame is thrown away and recorded again with roomy ones, and what is kept
 * holds every frame whole. The snug snapshot is made 64 bytes (HAIRPIN_RECORD_SNUG_SNAPLEN), so
 * a ping's 98-byte frames are cut for sure. Root only; the lab's namespaces are hrr-*.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

const reason = whyNoKernelLab(['ip', 'iptables', 'tcpdump', 'nc', 'ss', 'ping'], 'hrr-probe');
if (reason) console.log(`recorder kernel test skipped: ${reason}`);

const LAB = {
  hairpin: 2,
  title: 'Two hosts on a cable',
  devices: {
    a: { kind: 'host', at: [0, 0], ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0'] },
    b: { kind: 'host', at: [200, 0], ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
  },
  links: [['a:eth0', 'b:eth0']],
  flows: [{ on: 'a', run: 'ping -c 1 -W 1 10.0.0.2', expect: { exit: 0 } }],
};

describe.skipIf(reason !== undefined)('the recorder on the kernel', () => {
  const work = mkdtempSync(join(tmpdir(), 'hairpin-record-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('records a flow again with roomy captures when the snug ones cut a frame, and keeps the whole frames', () => {
    const file = join(work, 'two-hosts.json');
    writeFileSync(file, JSON.stringify(LAB));
    const out = join(work, 'out');
    const r = spawnSync('npx', ['tsx', 'scripts/kernel/record.ts', file], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        HAIRPIN_RECORD_OUT: out,
        HAIRPIN_LAB_PREFIX: 'hrr-',
        HAIRPIN_RECORD_TEXT: '0',
        HAIRPIN_RECORD_SNUG_SNAPLEN: '64',
      },
    });
    const log = r.stdout + r.stderr;
    expect(r.status, log).toBe(0);
    expect(log).toContain('a frame on a:eth0, b:eth0 is longer than the snapshot length: recording again with 32768 KiB rings and whole frames');
    expect(log).toContain('exit 0 (expected 0) ok');

    const dir = join(out, 'two-hosts', 'flow0');
    expect(readdirSync(dir).filter((f) => f.endsWith('.pcap')).sort()).toEqual(['a-eth0.pcap', 'b-eth0.pcap']);
    for (const pcap of ['a-eth0.pcap', 'b-eth0.pcap']) {
      const frames = [...pcapRecordHeaders(readFileSync(join(dir, pcap)))];
      // The echo request and reply (98 bytes) are there, longer than the snug snapshot, and whole.
      expect(frames.filter((f) => f.onWire === 98), pcap).toHaveLength(2);
      expect(frames.filter((f) => f.captured < f.onWire), pcap).toEqual([]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { parseIp4 } from './addr/ipv4';
import { runInjection } from './api';
import { TCP_RST, TCP_SYN } from './wire/types';

/* "Send a packet here" through the worker's entry: an injected packet answered as a run. */

const vps = BUILTIN_SCENARIOS['vps-slash32']!;
const syn = { device: 'vps', inPort: 'eth0', proto: 'tcp' as const, src: parseIp4('203.0.113.5')!, sport: 55234, dst: parseIp4('91.99.148.215')!, dport: 22, flags: TCP_SYN };

describe('runInjection', () => {
  it('a SYN to a port nothing listens on (tcp_v4_send_reset): the RST leaves by eth0, the verdict says so, exit 1 as hairpin trace', () => {
    const r = runInjection({ doc: vps, spec: syn });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.command).toBe('packet into eth0: tcp 203.0.113.5:55234 → 91.99.148.215:22');
    expect(r.exit).toBe(1);
    expect(r.injected.verdict.text).toContain('nothing listens on TCP port 22: the kernel answers RST; the RST leaves by eth0');
    const rst = r.events.find((e) => e.kind === 'frame-sent' && e.device === 'vps' && e.frame?.payload.kind === 'ipv4' && e.frame.payload.payload.kind === 'tcp' && (e.frame.payload.payload.flags & TCP_RST) !== 0);
    expect(rst).toBeDefined();
    expect(r.ports.find((p) => p.id === 'vps:eth0')!.frames.length).toBeGreaterThan(1);
  });

  it('bad input is an error naming the field, never a throw', () => {
    expect(runInjection({ doc: vps, spec: { ...syn, device: 'nope' } })).toMatchObject({ ok: false, errors: [{ path: 'device', message: 'no device "nope"' }] });
    expect(runInjection({ doc: vps, spec: { ...syn, inPort: 'eth9' } })).toMatchObject({ ok: false, errors: [{ path: 'inPort', message: 'device vps has no port "eth9" (ports: eth0)' }] });
    expect(runInjection({ doc: vps, spec: { ...syn, mark: 1 } })).toMatchObject({ ok: false, errors: [{ path: 'mark' }] });
    expect(runInjection({ doc: '{', spec: syn }).ok).toBe(false);
  });
});

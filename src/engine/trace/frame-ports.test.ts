import { describe, expect, it } from 'vitest';
import { FramePorts, type FramePortSlots } from './frame-ports';
import type { TraceEvent } from './types';

const frame = (device: string, port: string, scenarioPort?: string): TraceEvent => ({ t: 0, device, port, ...(scenarioPort ? { scenarioPort } : {}), layer: 'link', kind: 'frame-sent', reason: { code: 'frame_sent', dev: port, to: 'ff:ff:ff:ff:ff:ff' } });

describe('the frames each interface carried, noted as they are kept', () => {
  it("a link end's slot remembers its list within one recording, and never answers for the next one", () => {
    const slots: FramePortSlots = {};
    const first = new FramePorts();
    first.noteSent(frame('r1', 'eth0'), 0, slots);
    first.noteSent(frame('r1', 'eth0'), 2, slots);
    // The next run on the same network records anew: the slot still points at the old list.
    const second = new FramePorts();
    second.noteSent(frame('r1', 'eth0'), 1, slots);
    expect(first.inOrder.map((l) => l.frames)).toEqual([[0, 2]]);
    expect(second.inOrder.map((l) => [l.label, l.name, l.frames])).toEqual([['r1', 'eth0', [1]]]);
  });

  it('a port moved into a namespace (another label) or renamed (another name) gets the list of its new place', () => {
    const slots: FramePortSlots = {};
    const ports = new FramePorts();
    ports.noteReceived(frame('h', 'eth0'), 0, slots);
    ports.noteReceived(frame('h/ns1', 'eth0'), 3, slots);
    ports.noteReceived(frame('h', 'eth0'), 5, slots);
    expect(ports.inOrder.map((l) => [l.label, l.frames])).toEqual([['h', [0, 5]], ['h/ns1', [3]]]);
  });

  it("a renamed topology port is listed by its scenario name, with the kernel's latest name for it", () => {
    const slots: FramePortSlots = {};
    const ports = new FramePorts();
    ports.noteSent(frame('h', 'wan0', 'eth0'), 1, slots);
    ports.noteSent(frame('h', 'uplink', 'eth0'), 4, slots);
    ports.note(frame('h', 'eth1'), 6);
    expect(ports.inOrder.map((l) => ({ name: l.name, renamed: l.renamed, ifname: l.ifname, frames: l.frames }))).toEqual([
      { name: 'eth0', renamed: true, ifname: 'uplink', frames: [1, 4] },
      { name: 'eth1', renamed: false, ifname: undefined, frames: [6] },
    ]);
  });

  it('sent and received frames of one port, through different slots, share one list in trace order', () => {
    const sent: FramePortSlots = {};
    const received: FramePortSlots = {};
    const ports = new FramePorts();
    ports.noteSent(frame('r1', 'eth1'), 2, sent);
    ports.noteReceived(frame('r1', 'eth1'), 7, received);
    ports.noteSent(frame('r1', 'eth1'), 9, sent);
    expect(ports.inOrder.map((l) => l.frames)).toEqual([[2, 7, 9]]);
  });
});

import { describe, expect, it } from 'vitest';
import type { DeviceData } from './elements';
import { estimateDevice } from './estimate';

const data = (sides: DeviceData['sides'], addresses: DeviceData['addresses'] = {}): DeviceData => ({ kind: 'switch', sides, addresses, names: {}, forwarding: false });

describe('estimateDevice', () => {
  it('places one handle per port on its side, inside the device', () => {
    const e = estimateDevice(data({ top: ['up'], right: ['p1', 'p2'], bottom: ['p3', 'p4', 'p5'], left: ['p6'] }, { p3: ['10.0.0.1/24'] }));
    const { width, height } = e.measured;
    expect(e.handles.map((h) => h.id).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'up']);
    for (const h of e.handles) {
      expect(h.x).toBeGreaterThanOrEqual(0);
      expect(h.y).toBeGreaterThanOrEqual(0);
      expect(h.x + h.width!).toBeLessThanOrEqual(width);
      expect(h.y + h.height!).toBeLessThanOrEqual(height);
    }
    const by = (id: string) => e.handles.find((h) => h.id === id)!;
    expect(by('up').y).toBe(0);
    expect(by('p6').x).toBe(0);
    expect(Math.abs(by('p3').y + by('p3').height! - height)).toBeLessThanOrEqual(1);
    // A port with an address is wider (its label shows the address).
    expect(by('p3').width).toBeGreaterThan(by('p4').width!);
    // Ports along a side do not overlap.
    expect(by('p4').x).toBeGreaterThanOrEqual(by('p3').x + by('p3').width!);
    expect(by('p2').y).toBeGreaterThanOrEqual(by('p1').y + by('p1').height!);
  });

  it('is never a whole number of pixels, so the first real measurement always replaces it', () => {
    const e = estimateDevice(data({ top: [], right: [], bottom: [], left: [] }));
    expect(Number.isInteger(e.measured.width)).toBe(false);
    expect(Number.isInteger(e.measured.height)).toBe(false);
    expect(e.handles).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { readPresentSizes } from './presentation';

describe('the remembered presentation pane sizes', () => {
  it('come back as saved', () => {
    expect(readPresentSizes(JSON.stringify({ packetWidth: 640, traceHeight: 200, packetCollapsed: false, traceCollapsed: true }))).toEqual({
      packetWidth: 640,
      traceHeight: 200,
      packetCollapsed: false,
      traceCollapsed: true,
    });
  });

  it('ignore the normal layout’s fields and anything not written by us', () => {
    const none = { packetWidth: undefined, traceHeight: undefined, packetCollapsed: false, traceCollapsed: false };
    expect(readPresentSizes(null)).toEqual(none);
    expect(readPresentSizes('{oops')).toEqual(none);
    expect(readPresentSizes(JSON.stringify({ inspectorWidth: 420, playbackHeight: 300, inspectorCollapsed: true }))).toEqual(none);
    expect(readPresentSizes(JSON.stringify({ packetWidth: 0, traceHeight: 'big', packetCollapsed: 1 }))).toEqual(none);
    expect(readPresentSizes(JSON.stringify({ packetWidth: 512.4 }))).toEqual({ ...none, packetWidth: 512 });
  });
});

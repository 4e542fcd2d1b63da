import { describe, expect, it } from 'vitest';
import { readPaneSizes } from './layout';

describe('the remembered pane sizes', () => {
  it('come back as saved', () => {
    expect(readPaneSizes(JSON.stringify({ inspectorWidth: 420, playbackHeight: 310, inspectorCollapsed: true, playbackCollapsed: false }))).toEqual({
      inspectorWidth: 420,
      playbackHeight: 310,
      inspectorCollapsed: true,
      playbackCollapsed: false,
    });
  });

  it('fall back to the defaults, field by field, when the stored text is not what we wrote', () => {
    const none = { inspectorWidth: undefined, playbackHeight: undefined, inspectorCollapsed: false, playbackCollapsed: false };
    expect(readPaneSizes(null)).toEqual(none);
    expect(readPaneSizes('{not json')).toEqual(none);
    expect(readPaneSizes('"a string"')).toEqual(none);
    expect(readPaneSizes(JSON.stringify({ inspectorWidth: -5, playbackHeight: 'tall', inspectorCollapsed: 'yes' }))).toEqual(none);
    expect(readPaneSizes(JSON.stringify({ inspectorWidth: 1e400, playbackHeight: 250.6 }))).toEqual({ ...none, playbackHeight: 251 });
  });
});

import type { Mac } from '../addr/mac';

export type DeviceKind = 'host' | 'router' | 'switch' | 'cloud';

/** A scenario as written in format 1 (the document). */
export interface ScenarioDoc {
  hairpin: 1;
  title: string;
  about?: string;
  devices: Record<string, DeviceDoc>;
  links: [string, string][];
  flows: FlowDoc[];
}

export interface DeviceDoc {
  kind: DeviceKind;
  at?: [number, number];
  /** Interface name -> MAC, or null for the default MAC. */
  ports: Record<string, Mac | null>;
  config?: string[];
}

export interface FlowDoc {
  on: string;
  run: string;
  title?: string;
  expect?: { exit?: number };
}

/** A validated scenario with defaults applied: every port has its MAC, links are resolved. */
export interface Scenario {
  title: string;
  /** "" when the document gives none. */
  about: string;
  devices: Device[];
  links: Link[];
  flows: Flow[];
  /**
   * The document it came from, migrated to the current format, with `links` and `flows` filled
   * in as [] when absent. Nested values are shared with the parsed input: treat as immutable.
   */
  doc: ScenarioDoc;
}

export interface Device {
  id: string;
  /** 1-based position in document order (used for default MACs). */
  index: number;
  kind: DeviceKind;
  at?: [number, number];
  ports: Port[];
  config: string[];
}

export interface Port {
  name: string;
  /** Lowercase; the default MAC when the document gives null. */
  mac: Mac;
  /** The far end, when linked. */
  peer?: { device: string; port: string };
}

export interface Link {
  a: { device: string; port: string };
  b: { device: string; port: string };
}

export interface Flow {
  /** 0-based position in `flows`, as in the path "flows[0]". */
  index: number;
  on: string;
  run: string;
  /** "" when the document gives none. */
  title: string;
  /** {} when the document gives none. */
  expect: { exit?: number };
}

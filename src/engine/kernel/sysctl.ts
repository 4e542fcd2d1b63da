import { rtCacheFlush } from './rt_genid';
import { KernelError, Errno } from './errors';
import { BRNF_DEFAULTS, BrnfSysctls, isBrnfKey } from './netfilter/br_netfilter_sysctl';
import { IDLE_CONF4, IDLE_CONF6, IDLE_EXCEPTIONS, IDLE_GLOBAL, IDLE_NEIGH4, IDLE_NEIGH6 } from './sysctl_idle';

/** Per-interface IPv4 settings (net.ipv4.conf.<dev>.*), named as in ip-sysctl.rst. */
export const CONF_DEFAULTS = {
  forwarding: 0,
  rp_filter: 0,
  arp_ignore: 0,
  arp_announce: 0,
  arp_filter: 0,
  arp_accept: 0,
  proxy_arp: 0,
  route_localnet: 0,
  send_redirects: 1,
  accept_redirects: 1,
  secure_redirects: 1,
  shared_media: 1,
  accept_local: 0,
  log_martians: 0,
  accept_source_route: 0,
  src_valid_mark: 0,
} as const;
export type ConfKey = keyof typeof CONF_DEFAULTS;
export type Conf = Record<ConfKey, number>;

const CONF_RANGES: Partial<Record<ConfKey, [number, number]>> = {
  rp_filter: [0, 2],
  arp_ignore: [0, 8],
  arp_announce: [0, 2],
};

/**
 * Per-interface neighbour settings (net.ipv4.neigh.<dev>.*, a device's neigh_parms). A network
 * namespace shows no neigh/default in /proc (it is init_net's): new devices copy these.
 */
export const NEIGH_DEFAULTS = {
  base_reachable_time_ms: 30000,
  retrans_time_ms: 1000,
  mcast_solicit: 3,
  ucast_solicit: 3,
  delay_first_probe_time: 5,
} as const;
export type NeighKey = keyof typeof NEIGH_DEFAULTS;
export type NeighParms = Record<NeighKey, number>;

/** Global net.* settings the model reads. */
export const GLOBAL_DEFAULTS = {
  'net.ipv4.ip_forward': 0,
  'net.ipv4.icmp_ratelimit': 1000,
  'net.ipv4.icmp_ratemask': 6168,
  'net.ipv4.icmp_echo_ignore_all': 0,
  'net.ipv4.icmp_echo_ignore_broadcasts': 1,
  'net.ipv4.ip_default_ttl': 64,
  'net.ipv4.tcp_syn_retries': 6,
  'net.ipv4.tcp_synack_retries': 5,
  'net.ipv4.ip_nonlocal_bind': 0,
  'net.ipv4.fib_multipath_hash_policy': 0,
  'net.ipv4.fib_multipath_use_neigh': 0,
  'net.netfilter.nf_conntrack_tcp_timeout_established': 432000,
  // IPVS (modelled, not recorded: this kernel has no ip_vs module)
  'net.ipv4.vs.expire_quiescent_template': 0,
  'net.ipv4.vs.conntrack': 0,
  'net.ipv4.vs.expire_nodest_conn': 0,
  'net.ipv4.vs.conn_reuse_mode': 1,
  'net.ipv4.vs.pmtu_disc': 1,
  'net.netfilter.nf_conntrack_icmp_timeout': 30,
  'net.netfilter.nf_conntrack_udp_timeout': 30,
  'net.ipv6.conf.all.disable_ipv6': 1,
  'net.ipv6.conf.default.disable_ipv6': 1,
} as const;
export type GlobalKey = keyof typeof GLOBAL_DEFAULTS;

/** proc_dointvec_minmax bounds of global settings (others take any integer). */
const GLOBAL_RANGES: Partial<Record<GlobalKey, [number, number]>> = {
  'net.ipv4.fib_multipath_hash_policy': [0, 3],
  'net.ipv4.fib_multipath_use_neigh': [0, 1],
};

const NEIGH_KEY = /^net\.ipv4\.neigh\.([^.]+)\.(\w+)$/;
/** A per-device setting: family, conf or neigh, the device (or all/default for conf), the name. */
const DEVICE_KEY = /^net\.(ipv4|ipv6)\.(conf|neigh)\.([^.]+)\.(\w+)$/;
const IDLE_PER_DEVICE = { ipv4: { conf: IDLE_CONF4, neigh: IDLE_NEIGH4 }, ipv6: { conf: IDLE_CONF6, neigh: IDLE_NEIGH6 } } as const;

/** A two-value setting, printed with a tab between the values as proc_dointvec does. */
const LOCAL_PORT_RANGE = 'net.ipv4.ip_local_port_range';
/** ip_unprivileged_port_start: the local port range may not reach below it (ipv4_local_port_range). */
const UNPRIVILEGED_PORT_START = 1024;

// accept_source_route is 0 in conf/all but 1 in conf/default and so on every interface.
const ALL_CONF: Readonly<Conf> = { ...CONF_DEFAULTS };
const DEFAULT_CONF: Readonly<Conf> = { ...CONF_DEFAULTS, accept_source_route: 1 };

/** An interface's conf/ (devinet's ipv4_devconf) and neigh/ (neigh_parms) tables, replaced whole when either is written. */
interface DevTables {
  readonly conf: Readonly<Conf>;
  readonly neigh: NeighParms;
}

/** A new interface's tables while `default` has not been written: one object for every such interface. */
const DEFAULT_DEV: DevTables = Object.freeze({ conf: DEFAULT_CONF, neigh: NEIGH_DEFAULTS });

const DEFAULT_LOCAL_PORT_RANGE: readonly [number, number] = Object.freeze([32768, 60999]) as readonly [number, number];

/** The sysctl tree of one network namespace. */
export class Sysctls {
  // The tables are never changed in place: a write replaces the table written, so every namespace
  // shares the defaults, and an interface shares `default` as it was when the interface came,
  // until one of them is written.
  all: Readonly<Conf> = ALL_CONF;
  default: Readonly<Conf> = DEFAULT_CONF;
  /** Each interface's conf/ and neigh/ directories, by name. */
  private readonly dev = new Map<string, DevTables>();
  global: Readonly<Record<GlobalKey, number>> = GLOBAL_DEFAULTS;
  /** net.ipv4.ip_local_port_range: where connect() and autobind take ephemeral ports from. */
  localPortRange: readonly [number, number] = DEFAULT_LOCAL_PORT_RANGE;
  /** net.bridge.*: there only while br_netfilter is loaded (br_netfilter_sysctl.ts). */
  bridge?: BrnfSysctls;
  /** Values written to settings the model keeps but does not read (sysctl_idle.ts), by key. */
  private get idleWritten(): Map<string, string> {
    return (this.idleWrittenMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private idleWrittenMade?: Map<string, string>;

  /** A new interface copies `default`, as register_netdevice does. */
  addDevice(name: string): void {
    rtCacheFlush();
    this.dev.set(name, this.default === DEFAULT_CONF ? DEFAULT_DEV : { conf: this.default, neigh: NEIGH_DEFAULTS });
    this.lastName = undefined;
  }

  /** dev_change_name: the directories move with the device, values kept. */
  renameDevice(from: string, to: string): void {
    rtCacheFlush();
    const tables = this.dev.get(from);
    if (tables) this.dev.set(to, tables);
    this.dev.delete(from);
    for (const [key, value] of [...this.idleWritten]) {
      const m = DEVICE_KEY.exec(key);
      if (m?.[3] !== from) continue;
      this.idleWritten.delete(key);
      this.idleWritten.set(`net.${m[1]}.${m[2]}.${to}.${m[4]}`, value);
    }
    this.lastName = undefined;
  }

  /** An unregistered interface's conf/ and neigh/ directories go with it. */
  removeDevice(name: string): void {
    rtCacheFlush();
    this.dev.delete(name);
    for (const key of this.idleWritten.keys()) if (DEVICE_KEY.exec(key)?.[3] === name) this.idleWritten.delete(key);
    this.lastName = undefined;
  }

  /**
   * The default text of a setting Linux has and the model does not act on, or undefined when
   * Linux has no such file: per-device ones exist for registered devices (conf also for all and
   * default; neigh/default is init_net's only).
   */
  private idleDefault(key: string): string | undefined {
    const perDevice = DEVICE_KEY.exec(key);
    if (!perDevice) return Object.hasOwn(IDLE_GLOBAL, key) ? IDLE_GLOBAL[key] : undefined;
    const [, family, kind, dev, name] = perDevice as unknown as [string, 'ipv4' | 'ipv6', 'conf' | 'neigh', string, string];
    const exists = this.dev.has(dev) || (kind === 'conf' && (dev === 'all' || dev === 'default'));
    const table = IDLE_PER_DEVICE[family][kind];
    if (!exists || !Object.hasOwn(table, name)) return undefined;
    const exception = `${family}.${kind}.${dev}.${name}`;
    return Object.hasOwn(IDLE_EXCEPTIONS, exception) ? IDLE_EXCEPTIONS[exception] : table[name];
  }

  private idleGet(key: string): string | undefined {
    return this.idleWritten.get(key) ?? this.idleDefault(key);
  }

  /**
   * A write to a setting the model does not act on: kept and read back. A numeric setting takes
   * integers only (proc_dointvec's EINVAL), and a vector takes up to as many as it holds, the
   * rest staying as they were.
   */
  private idleSet(key: string, value: string): void {
    const current = this.idleGet(key);
    if (current === undefined) throw new KernelError(Errno.ENOENT);
    const had = current.split('\t');
    const words = value.trim().split(/\s+/).filter(Boolean);
    if (!had.every((w) => /^-?\d+$/.test(w))) {
      this.idleWritten.set(key, value.trim());
      return;
    }
    if (words.length === 0 || words.length > had.length || !words.every((w) => /^-?\d+$/.test(w))) throw new KernelError(Errno.EINVAL);
    this.idleWritten.set(key, [...words, ...had.slice(words.length)].map((w) => String(Number(w))).join('\t'));
  }

  /** The device's neighbour settings (neigh_parms). */
  neigh(dev: string): NeighParms {
    return this.dev.get(dev)?.neigh ?? NEIGH_DEFAULTS;
  }

  /** The last device asked about: a packet's path asks for one device's values several times. */
  private lastName?: string;
  private lastConf?: Conf;

  conf(dev: string): Conf {
    if (dev === this.lastName) return this.lastConf!;
    const conf = this.dev.get(dev)?.conf;
    if (!conf) return this.default;
    this.lastName = dev;
    this.lastConf = conf;
    return conf;
  }

  /** IN_DEV_CONF_GET with max(all, dev): rp_filter, arp_ignore, arp_announce. */
  maxConf(dev: string, key: ConfKey): number {
    return Math.max(this.all[key], this.conf(dev)[key]);
  }
  /** IN_DEV_ORCONF: proxy_arp, route_localnet, accept_local, send_redirects, shared_media. */
  orConf(dev: string, key: ConfKey): boolean {
    return this.all[key] !== 0 || this.conf(dev)[key] !== 0;
  }
  forwarding(dev: string): boolean {
    return this.conf(dev).forwarding !== 0;
  }

  /** The one read path: config lines, flow commands and /proc/sys all read here. */
  get(key: string): number | string | undefined {
    if (key === LOCAL_PORT_RANGE) return `${this.localPortRange[0]}\t${this.localPortRange[1]}`;
    if (isBrnfKey(key)) return this.bridge?.get(key);
    const neigh = NEIGH_KEY.exec(key);
    if (neigh) {
      const parms = this.dev.get(neigh[1]!)?.neigh;
      if (parms && neigh[2]! in parms) return parms[neigh[2] as NeighKey];
    }
    const conf = /^net\.ipv4\.conf\.([^.]+)\.(\w+)$/.exec(key);
    if (conf) {
      const [, dev, name] = conf;
      const table = dev === 'all' ? this.all : dev === 'default' ? this.default : this.dev.get(dev!)?.conf;
      if (table && name! in table) return table[name as ConfKey];
    }
    if (key in this.global) return this.global[key as GlobalKey];
    return this.idleGet(key);
  }

  /**
   * `sysctl -w key=value`. Writing ip_forward or conf.all.forwarding flips forwarding on
   * every interface, as devinet's inet_forward_change does.
   */
  set(key: string, value: string): void {
    // Any write may change a route decision (forwarding, rp_filter, accept_local, ...): devinet_conf_proc flushes too.
    rtCacheFlush();
    if (key === LOCAL_PORT_RANGE) return this.setLocalPortRange(value);
    if (isBrnfKey(key)) {
      if (!this.bridge) throw new KernelError(Errno.ENOENT);
      return this.bridge.set(key, value);
    }
    if (!this.modelled(key)) return this.idleSet(key, value);
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
      throw new KernelError(Errno.EINVAL);
    }
    const conf = /^net\.ipv4\.conf\.([^.]+)\.(\w+)$/.exec(key);
    if (conf) {
      const [, dev, name] = conf as unknown as [string, string, ConfKey];
      const table = dev === 'all' ? this.all : dev === 'default' ? this.default : this.dev.get(dev)?.conf;
      if (!table || !(name in table)) throw new KernelError(Errno.ENOENT);
      const range = CONF_RANGES[name];
      if (range && (n < range[0] || n > range[1])) {
        throw new KernelError(Errno.EINVAL);
      }
      if (name === 'forwarding' && dev === 'all') return this.setForwardingEverywhere(n);
      const written = { ...table, [name]: name === 'forwarding' ? (n ? 1 : 0) : n };
      if (dev === 'all') this.all = written;
      else if (dev === 'default') this.default = written;
      else this.dev.set(dev, { conf: written, neigh: this.dev.get(dev)!.neigh });
      this.lastName = undefined;
      return;
    }
    const neigh = NEIGH_KEY.exec(key);
    if (neigh) {
      const tables = this.dev.get(neigh[1]!);
      if (!tables || !(neigh[2]! in tables.neigh)) throw new KernelError(Errno.ENOENT);
      this.dev.set(neigh[1]!, { conf: tables.conf, neigh: { ...tables.neigh, [neigh[2] as NeighKey]: n } });
      return;
    }
    if (key === 'net.ipv4.ip_forward') return this.setForwardingEverywhere(n);
    if (!(key in this.global)) throw new KernelError(Errno.ENOENT);
    const bounds = GLOBAL_RANGES[key as GlobalKey];
    if (bounds && (n < bounds[0] || n > bounds[1])) throw new KernelError(Errno.EINVAL);
    this.global = { ...this.global, [key as GlobalKey]: n };
  }

  /**
   * Every file under /proc/sys/net this namespace has, in the order `sysctl -a` lists them:
   * procfs keeps a directory's entries sorted by name (strcmp), and sysctl walks depth first.
   * IPVS's net.ipv4.vs.* exist only with ip_vs loaded, which this model's kernel never shows.
   */
  names(): string[] {
    const out = new Set<string>([LOCAL_PORT_RANGE, ...Object.keys(this.global).filter((k) => !k.startsWith('net.ipv4.vs.')), ...Object.keys(IDLE_GLOBAL)]);
    if (this.bridge) for (const k of Object.keys(BRNF_DEFAULTS)) out.add(`net.bridge.${k}`);
    const confDevs = ['all', 'default', ...this.dev.keys()];
    for (const d of confDevs) for (const k of [...Object.keys(CONF_DEFAULTS), ...Object.keys(IDLE_CONF4)]) out.add(`net.ipv4.conf.${d}.${k}`);
    for (const d of confDevs) for (const k of Object.keys(IDLE_CONF6)) out.add(`net.ipv6.conf.${d}.${k}`);
    for (const d of this.dev.keys()) {
      for (const k of [...Object.keys(NEIGH_DEFAULTS), ...Object.keys(IDLE_NEIGH4)]) out.add(`net.ipv4.neigh.${d}.${k}`);
      for (const k of Object.keys(IDLE_NEIGH6)) out.add(`net.ipv6.neigh.${d}.${k}`);
    }
    const byName = (a: string, b: string) => {
      const x = a.split('.');
      const y = b.split('.');
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return x.length - y.length;
    };
    return [...out].filter((k) => this.get(k) !== undefined).sort(byName);
  }

  /** Whether the model reads this setting (else it is one of sysctl_idle.ts's). */
  private modelled(key: string): boolean {
    const perDevice = DEVICE_KEY.exec(key);
    if (!perDevice || perDevice[1] !== 'ipv4') return key in this.global;
    return perDevice[2] === 'conf' ? perDevice[4]! in CONF_DEFAULTS : perDevice[4]! in NEIGH_DEFAULTS;
  }

  /**
   * ipv4_local_port_range: up to two integers (one keeps the current upper bound), each 1 to
   * 65535; the range may not be reversed or start below ip_unprivileged_port_start.
   */
  private setLocalPortRange(value: string): void {
    const words = value.trim().split(/\s+/);
    if (!words[0] || !words.slice(0, 2).every((w) => /^\d+$/.test(w))) throw new KernelError(Errno.EINVAL);
    const lo = Number(words[0]);
    const hi = words[1] === undefined ? this.localPortRange[1] : Number(words[1]);
    if (lo < 1 || hi > 65535 || hi < lo || lo < UNPRIVILEGED_PORT_START) throw new KernelError(Errno.EINVAL);
    this.localPortRange = [lo, hi];
  }

  /** inet_forward_change: also turns conf/all/accept_redirects off (on) as forwarding goes on (off). */
  private setForwardingEverywhere(n: number): void {
    const v = n ? 1 : 0;
    this.global = { ...this.global, 'net.ipv4.ip_forward': v };
    this.all = { ...this.all, forwarding: v, accept_redirects: v ? 0 : 1 };
    this.default = { ...this.default, forwarding: v };
    for (const [name, t] of this.dev) this.dev.set(name, { conf: { ...t.conf, forwarding: v }, neigh: t.neigh });
    this.lastName = undefined;
  }
}

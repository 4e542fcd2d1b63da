import { ipipExitNet, ipipInitNet } from './ipip';
import { BrnfSysctls } from './netfilter/br_netfilter_sysctl';
import type { Stack } from './stack';

/*
 * Loadable modules (kernel/module/main.c as modprobe reaches it): a device is one machine, so
 * what is loaded is shared by all its network namespaces and kept on its init namespace. Most
 * modules a tutorial loads are built into the model and loading them changes nothing visible;
 * br_netfilter is the one whose presence changes behaviour (net.bridge.* and its hooks).
 */

/** The kernel release the simulated machines run (uname -r; /lib/modules/<release>). */
export const UTS_RELEASE = '6.1.0-18-amd64';

/** What a module's init does to each namespace (its pernet_operations.init), and its exit. */
interface ModuleOps {
  /** Modules it needs loaded first (depmod's order), loaded with it. */
  readonly deps: readonly string[];
  netInit?(net: Stack): void;
  netExit?(net: Stack): void;
}

const MODULES: Readonly<Record<string, ModuleOps>> = {
  llc: { deps: [] },
  stp: { deps: ['llc'] },
  bridge: { deps: ['stp', 'llc'] },
  // brnf_init_net: the sysctl table in every namespace, the call_* switches on.
  br_netfilter: { deps: ['bridge'], netInit: (net) => void (net.sysctl.bridge = new BrnfSysctls()), netExit: (net) => void (net.sysctl.bridge = undefined) },
  veth: { deps: [] },
  dummy: { deps: [] },
  macvlan: { deps: [] },
  '8021q': { deps: ['garp', 'mrp'] },
  garp: { deps: ['stp', 'llc'] },
  mrp: { deps: [] },
  udp_tunnel: { deps: [] },
  ip6_udp_tunnel: { deps: [] },
  vxlan: { deps: ['udp_tunnel', 'ip6_udp_tunnel'] },
  overlay: { deps: [] },
  tunnel4: { deps: [] },
  ip_tunnel: { deps: [] },
  // ipip_init_net: tunl0 in every namespace (modelled, not recorded: the test kernel has no ipip).
  ipip: { deps: ['ip_tunnel', 'tunnel4'], netInit: ipipInitNet, netExit: ipipExitNet },
  nf_conntrack: { deps: [] },
  nf_nat: { deps: ['nf_conntrack'] },
  x_tables: { deps: [] },
  ip_tables: { deps: ['x_tables'] },
  iptable_filter: { deps: ['ip_tables'] },
  iptable_nat: { deps: ['ip_tables', 'nf_nat'] },
  iptable_mangle: { deps: ['ip_tables'] },
  iptable_raw: { deps: ['ip_tables'] },
  xt_physdev: { deps: ['x_tables'] },
  xt_conntrack: { deps: ['x_tables', 'nf_conntrack'] },
  xt_MASQUERADE: { deps: ['x_tables', 'nf_nat'] },
  xt_nat: { deps: ['x_tables', 'nf_nat'] },
  xt_comment: { deps: ['x_tables'] },
  xt_addrtype: { deps: ['x_tables'] },
};

/** Loaded modules per machine (its init namespace), in load order. */
const loaded = new WeakMap<Stack, string[]>();

function machineOf(net: Stack): Stack {
  return net.netns?.init ?? net;
}

function namespacesOf(net: Stack): Stack[] {
  const ns = net.netns;
  if (!ns) return [net];
  return [ns.init, ...ns.names().map((n) => ns.get(n)!)];
}

/** modprobe's name for a module: '-' and '_' are the same (kmod's modname_normalize). */
export function moduleNormalize(name: string): string {
  return name.replace(/-/g, '_');
}

export function moduleExists(name: string): boolean {
  return Object.hasOwn(MODULES, moduleNormalize(name));
}

export function moduleLoaded(net: Stack, name: string): boolean {
  return loaded.get(machineOf(net))?.includes(moduleNormalize(name)) ?? false;
}

/** load_module for a module and what it depends on: each one's init runs in every namespace. */
export function loadModule(net: Stack, name: string): void {
  const machine = machineOf(net);
  const list = loaded.get(machine) ?? [];
  loaded.set(machine, list);
  const load = (m: string) => {
    if (list.includes(m)) return;
    for (const d of MODULES[m]!.deps) load(d);
    list.push(m);
    const init = MODULES[m]!.netInit;
    if (init) for (const ns of namespacesOf(machine)) init(ns);
  };
  load(moduleNormalize(name));
}

/** delete_module (modprobe -r): the module's exit runs in every namespace; its dependencies stay. */
export function unloadModule(net: Stack, name: string): void {
  const machine = machineOf(net);
  const m = moduleNormalize(name);
  const list = loaded.get(machine);
  const i = list?.indexOf(m) ?? -1;
  if (!list || i < 0) return;
  list.splice(i, 1);
  const exit = MODULES[m]!.netExit;
  if (exit) for (const ns of namespacesOf(machine)) exit(ns);
}

/** A namespace made while modules are loaded runs their pernet init (setup_net). */
export function moduleNetInit(net: Stack): void {
  for (const m of loaded.get(machineOf(net)) ?? []) MODULES[m]!.netInit?.(net);
}

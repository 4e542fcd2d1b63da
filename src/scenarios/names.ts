import homeLan from './home-lan.json?raw';

/*
 * The built-in lessons as the page knows them before it needs one: their names in lesson order,
 * and their files' texts loaded on demand (index.ts, a chunk of its own: one request for all of
 * them, which the lesson gallery shows together anyway), so the page starts without them. The
 * home LAN lesson, which a first visit opens, comes with the page: its first render waits for
 * nothing. (The engine, the worker, the command line and the tests import index.ts.)
 */

/** In lesson order; each name is its file name without `.json`. */
export const BUILTIN_NAMES: readonly string[] = [
  'home-lan',
  'vps-slash32',
  'dns-resolution',
  'hairpin-nat-broken',
  'hairpin-nat-fixed',
  'localhost-dnat',
  'load-balancing',
  'return-traffic-asymmetric',
  'return-traffic-policy',
  'multi-wan-broken',
  'multi-wan',
  'container-networking',
  'docker-default-bridge',
  'home-router-bridge',
  'macvlan-containers',
  'k8s-flannel-vxlan',
  'k8s-clusterip-iptables',
  'k8s-nodeport-iptables',
  'k8s-hairpin-broken',
  'k8s-hairpin-fixed',
  'k8s-clusterip-ipvs',
  'k8s-many-endpoints',
  'nft-server-firewall',
  'nft-home-router',
  'nft-iptables-ignored',
  'nft-kube-proxy-clusterip',
];

/** The lesson a first visit opens, and the one opened when what was asked for cannot be. */
export const DEFAULT_LESSON = 'home-lan';

/** Whether `name` is a built-in lesson (not merely a key every object has, such as `constructor`). */
export function isBuiltinName(name: string): boolean {
  return BUILTIN_NAMES.includes(name);
}

const texts = new Map<string, string>([[DEFAULT_LESSON, homeLan]]);

/** A lesson's file text if it is here already (the default lesson always is), else undefined. */
export function builtinTextNow(name: string): string | undefined {
  return texts.get(name);
}

/** A lesson's file text; rejects for a name that is no lesson, or when the files cannot be fetched. */
export async function loadBuiltinText(name: string): Promise<string> {
  const here = texts.get(name);
  if (here !== undefined) return here;
  if (!isBuiltinName(name)) throw new Error(`There is no built-in scenario named “${name}”.`);
  const { BUILTIN_SCENARIOS } = await import('./index');
  for (const n of BUILTIN_NAMES) texts.set(n, BUILTIN_SCENARIOS[n]!);
  return texts.get(name)!;
}

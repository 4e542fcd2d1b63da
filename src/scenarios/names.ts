import homeLan from './home-lan.json?raw';

/*
 * The built-in lessons as the page knows them before it needs one: their names in lesson order,
 * and each file's text loaded on demand (a chunk per lesson), so the page starts without the
 * 26 files. The home LAN lesson, which a first visit opens, comes with the page: its first
 * render waits for nothing. (scenarios/index.ts has every text at once, for the engine, the
 * worker, the command line and the tests.)
 */

/** Each lesson's file text, loaded when asked for; in lesson order. */
const LOADERS: Readonly<Record<string, () => Promise<{ default: string }>>> = {
  'home-lan': () => Promise.resolve({ default: homeLan }),
  'vps-slash32': () => import('./vps-slash32.json?raw'),
  'dns-resolution': () => import('./dns-resolution.json?raw'),
  'hairpin-nat-broken': () => import('./hairpin-nat-broken.json?raw'),
  'hairpin-nat-fixed': () => import('./hairpin-nat-fixed.json?raw'),
  'localhost-dnat': () => import('./localhost-dnat.json?raw'),
  'load-balancing': () => import('./load-balancing.json?raw'),
  'return-traffic-asymmetric': () => import('./return-traffic-asymmetric.json?raw'),
  'return-traffic-policy': () => import('./return-traffic-policy.json?raw'),
  'multi-wan-broken': () => import('./multi-wan-broken.json?raw'),
  'multi-wan': () => import('./multi-wan.json?raw'),
  'container-networking': () => import('./container-networking.json?raw'),
  'docker-default-bridge': () => import('./docker-default-bridge.json?raw'),
  'home-router-bridge': () => import('./home-router-bridge.json?raw'),
  'macvlan-containers': () => import('./macvlan-containers.json?raw'),
  'k8s-flannel-vxlan': () => import('./k8s-flannel-vxlan.json?raw'),
  'k8s-clusterip-iptables': () => import('./k8s-clusterip-iptables.json?raw'),
  'k8s-nodeport-iptables': () => import('./k8s-nodeport-iptables.json?raw'),
  'k8s-hairpin-broken': () => import('./k8s-hairpin-broken.json?raw'),
  'k8s-hairpin-fixed': () => import('./k8s-hairpin-fixed.json?raw'),
  'k8s-clusterip-ipvs': () => import('./k8s-clusterip-ipvs.json?raw'),
  'k8s-many-endpoints': () => import('./k8s-many-endpoints.json?raw'),
  'nft-server-firewall': () => import('./nft-server-firewall.json?raw'),
  'nft-home-router': () => import('./nft-home-router.json?raw'),
  'nft-iptables-ignored': () => import('./nft-iptables-ignored.json?raw'),
  'nft-kube-proxy-clusterip': () => import('./nft-kube-proxy-clusterip.json?raw'),
};

/** The lesson a first visit opens, and the one opened when what was asked for cannot be. */
export const DEFAULT_LESSON = 'home-lan';

/** In lesson order; each name is its file name without `.json`. */
export const BUILTIN_NAMES: readonly string[] = Object.keys(LOADERS);

/** Whether `name` is a built-in lesson (not merely a key every object has, such as `constructor`). */
export function isBuiltinName(name: string): boolean {
  return Object.hasOwn(LOADERS, name);
}

const texts = new Map<string, string>([[DEFAULT_LESSON, homeLan]]);

/** A lesson's file text if it is here already (the default lesson always is), else undefined. */
export function builtinTextNow(name: string): string | undefined {
  return texts.get(name);
}

/** A lesson's file text; rejects for a name that is no lesson, or when its chunk cannot be fetched. */
export async function loadBuiltinText(name: string): Promise<string> {
  const here = texts.get(name);
  if (here !== undefined) return here;
  if (!isBuiltinName(name)) throw new Error(`There is no built-in scenario named “${name}”.`);
  const text = (await LOADERS[name]!()).default;
  texts.set(name, text);
  return text;
}

/**
 * The built-in lessons, name → JSON text. Text rather than parsed objects, so that errors keep
 * their lines and columns and "show source" shows the file as written. `?raw` works in Vite,
 * Vitest and the CLI's esbuild build (which must map it to a text loader).
 */
import { BUILTIN_NAMES, isBuiltinName } from './names';
import homeLan from './home-lan.json?raw';
import hairpinNatBroken from './hairpin-nat-broken.json?raw';
import hairpinNatFixed from './hairpin-nat-fixed.json?raw';
import localhostDnat from './localhost-dnat.json?raw';
import returnTrafficAsymmetric from './return-traffic-asymmetric.json?raw';
import returnTrafficPolicy from './return-traffic-policy.json?raw';
import multiWan from './multi-wan.json?raw';
import vpsSlash32 from './vps-slash32.json?raw';
import loadBalancing from './load-balancing.json?raw';
import multiWanBroken from './multi-wan-broken.json?raw';
import dnsResolution from './dns-resolution.json?raw';
import homeRouterBridge from './home-router-bridge.json?raw';
import macvlanContainers from './macvlan-containers.json?raw';
import dockerDefaultBridge from './docker-default-bridge.json?raw';
import k8sFlannelVxlan from './k8s-flannel-vxlan.json?raw';
import containerNetworking from './container-networking.json?raw';
import k8sClusterIpIptables from './k8s-clusterip-iptables.json?raw';
import k8sNodePortIptables from './k8s-nodeport-iptables.json?raw';
import k8sHairpinBroken from './k8s-hairpin-broken.json?raw';
import k8sHairpinFixed from './k8s-hairpin-fixed.json?raw';
import k8sClusterIpIpvs from './k8s-clusterip-ipvs.json?raw';
import k8sManyEndpoints from './k8s-many-endpoints.json?raw';
import nftServerFirewall from './nft-server-firewall.json?raw';
import nftHomeRouter from './nft-home-router.json?raw';
import nftIptablesIgnored from './nft-iptables-ignored.json?raw';
import nftKubeProxyClusterIp from './nft-kube-proxy-clusterip.json?raw';

/** In lesson order (names.ts gives it); each name is its file name without `.json`. */
const FILES: Readonly<Record<string, string>> = {
  'home-lan': homeLan,
  'vps-slash32': vpsSlash32,
  'dns-resolution': dnsResolution,
  'hairpin-nat-broken': hairpinNatBroken,
  'hairpin-nat-fixed': hairpinNatFixed,
  'localhost-dnat': localhostDnat,
  'load-balancing': loadBalancing,
  'return-traffic-asymmetric': returnTrafficAsymmetric,
  'return-traffic-policy': returnTrafficPolicy,
  'multi-wan-broken': multiWanBroken,
  'multi-wan': multiWan,
  'container-networking': containerNetworking,
  'docker-default-bridge': dockerDefaultBridge,
  'home-router-bridge': homeRouterBridge,
  'macvlan-containers': macvlanContainers,
  'k8s-flannel-vxlan': k8sFlannelVxlan,
  'k8s-clusterip-iptables': k8sClusterIpIptables,
  'k8s-nodeport-iptables': k8sNodePortIptables,
  'k8s-hairpin-broken': k8sHairpinBroken,
  'k8s-hairpin-fixed': k8sHairpinFixed,
  'k8s-clusterip-ipvs': k8sClusterIpIpvs,
  'k8s-many-endpoints': k8sManyEndpoints,
  'nft-server-firewall': nftServerFirewall,
  'nft-home-router': nftHomeRouter,
  'nft-iptables-ignored': nftIptablesIgnored,
  'nft-kube-proxy-clusterip': nftKubeProxyClusterIp,
};

/** The built-in lessons, name → JSON text, in lesson order. */
export const BUILTIN_SCENARIOS: Readonly<Record<string, string>> = Object.fromEntries(BUILTIN_NAMES.map((name) => [name, FILES[name]!]));

export { isBuiltinName };

import { registerMatch, registerTarget } from '../xtables';
import { addrtype } from './libxt_addrtype';
import { comment } from './libxt_comment';
import { connmark } from './libxt_connmark';
import { conntrack } from './libxt_conntrack';
import { icmp } from './libipt_icmp';
import { icmp6 } from './libip6t_icmp6';
import { hl } from './libip6t_hl';
import { rt } from './libip6t_rt';
import { iprange } from './libxt_iprange';
import { length } from './libxt_length';
import { mac } from './libxt_mac';
import { owner } from './libxt_owner';
import { physdev } from './libxt_physdev';
import { pkttype } from './libxt_pkttype';
import { rpfilter } from './libxt_rpfilter';
import { mark } from './libxt_mark';
import { multiport } from './libxt_multiport';
import { state } from './libxt_state';
import { statistic } from './libxt_statistic';
import { tcp, udp } from './libxt_tcp';
import { REJECT } from './libipt_REJECT';
import { REJECT6 } from './libip6t_REJECT';
import { CONNMARK } from './libxt_CONNMARK_target';
import { LOG } from './libxt_LOG';
import { MARK } from './libxt_MARK_target';
import { MASQUERADE } from './libxt_MASQUERADE';
import { DNAT, SNAT } from './libxt_NAT';
import { REDIRECT } from './libxt_REDIRECT';
import { ACCEPT, DROP, RETURN } from './libxt_standard';

/*
 * The extensions iptables loads (what /usr/lib/xtables holds): one line each. (libxt_MARK and
 * libxt_CONNMARK carry a _target suffix: case-insensitive file systems would merge them with
 * the matches libxt_mark and libxt_connmark.) The order is
 * the editor's order of offering them.
 */

registerMatch(conntrack);
registerMatch(state);
registerMatch(mark);
registerMatch(connmark);
registerMatch(statistic);
registerMatch(addrtype);
registerMatch(multiport);
registerMatch(comment);
registerMatch(tcp);
registerMatch(udp);
registerMatch(icmp);
registerMatch(iprange);
registerMatch(mac);
registerMatch(pkttype);
registerMatch(length);
registerMatch(owner);
registerMatch(rpfilter);
registerMatch(physdev);
registerMatch(icmp6);
registerMatch(hl);
registerMatch(rt);

registerTarget(ACCEPT);
registerTarget(DROP);
registerTarget(REJECT);
registerTarget(RETURN);
registerTarget(LOG);
registerTarget(MASQUERADE);
registerTarget(SNAT);
registerTarget(DNAT);
registerTarget(REDIRECT);
registerTarget(MARK);
registerTarget(CONNMARK);
registerTarget(REJECT6);

export { findMatch, findTarget, registeredMatches, registeredTargets, registerMatch, registerTarget } from '../xtables';

/** Matches iptables ships that the simulator does not model (refused by name, not as unknown). */
export const UNSIMULATED_MATCHES = [
  'limit', 'hashlimit', 'recent', 'set', 'string', 'time', 'ttl',
  'tos', 'dscp', 'u32', 'connlimit', 'connbytes', 'helper', 'socket', 'policy', 'quota',
  'realm', 'esp', 'ah', 'sctp', 'dccp', 'udplite', 'cgroup', 'bpf', 'devgroup', 'ecn', 'hl', 'ipvs', 'nfacct',
  'osf', 'cluster', 'cpu', 'rateest', 'tcpmss', 'conntrack-helper', 'connlabel', 'ipcomp', 'l2tp', 'nfqueue',
];

/** Targets iptables ships that the simulator does not model. */
export const UNSIMULATED_TARGETS = [
  'QUEUE', 'NFQUEUE', 'TPROXY', 'CT', 'NOTRACK', 'TCPMSS', 'TRACE', 'TEE', 'NETMAP', 'CLASSIFY', 'DSCP', 'TOS', 'TTL',
  'SET', 'AUDIT', 'CHECKSUM', 'NFLOG', 'ULOG', 'SECMARK', 'CONNSECMARK', 'HMARK', 'IDLETIMER', 'LED', 'SYNPROXY',
  'CLUSTERIP', 'ECN', 'RATEEST', 'TCPOPTSTRIP', 'MIRROR', 'SAME', 'DNPT', 'SNPT', 'HL', 'LOGMARK',
];

import { registerMatch, registerTarget } from '../xtables';
import { addrtype } from './libxt_addrtype';
import { comment } from './libxt_comment';
import { connlimit } from './libxt_connlimit';
import { connmark } from './libxt_connmark';
import { conntrack } from './libxt_conntrack';
import { icmp } from './libipt_icmp';
import { icmp6 } from './libip6t_icmp6';
import { hl } from './libip6t_hl';
import { rt } from './libip6t_rt';
import { iprange } from './libxt_iprange';
import { ipvs } from './libxt_ipvs';
import { length } from './libxt_length';
import { mac } from './libxt_mac';
import { owner } from './libxt_owner';
import { physdev } from './libxt_physdev';
import { pkttype } from './libxt_pkttype';
import { rpfilter } from './libxt_rpfilter';
import { hashlimit } from './libxt_hashlimit';
import { limit } from './libxt_limit';
import { recent } from './libxt_recent';
import { set } from './libxt_set';
import { mark } from './libxt_mark';
import { multiport } from './libxt_multiport';
import { nfacct } from './libxt_nfacct';
import { state } from './libxt_state';
import { statistic } from './libxt_statistic';
import { tcp, udp } from './libxt_tcp';
import { REJECT } from './libipt_REJECT';
import { SET } from './libxt_SET_target';
import { REJECT6 } from './libip6t_REJECT';
import { CONNMARK } from './libxt_CONNMARK_target';
import { LOG } from './libxt_LOG';
import { MARK } from './libxt_MARK_target';
import { MASQUERADE } from './libxt_MASQUERADE';
import { DNAT, SNAT } from './libxt_NAT';
import { REDIRECT } from './libxt_REDIRECT';
import { ACCEPT, DROP, RETURN } from './libxt_standard';
import { CHECKSUM } from './libxt_CHECKSUM';
import { CLASSIFY } from './libxt_CLASSIFY';
import { CT, NOTRACK } from './libxt_CT';
import { DSCP } from './libxt_DSCP';
import { TCPMSS } from './libxt_TCPMSS';
import { TOS } from './libxt_TOS';
import { TTL } from './libxt_TTL';

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
registerMatch(limit);
registerMatch(recent);
registerMatch(set);
registerMatch(hashlimit);
registerMatch(connlimit);
registerMatch(nfacct);
registerMatch(ipvs);
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
registerTarget(TCPMSS);
registerTarget(CHECKSUM);
registerTarget(CT);
registerTarget(NOTRACK);
registerTarget(TTL);
registerTarget(DSCP);
registerTarget(TOS);
registerTarget(CLASSIFY);
registerTarget(SET);
registerTarget(REJECT6);

export { findMatch, findTarget, registeredMatches, registeredTargets, registerMatch, registerTarget } from '../xtables';

/** Matches iptables ships that the simulator does not model (refused by name, not as unknown). */
export const UNSIMULATED_MATCHES = [
  'string', 'time', 'ttl',
  'tos', 'dscp', 'u32', 'connbytes', 'helper', 'socket', 'policy', 'quota',
  'realm', 'esp', 'ah', 'sctp', 'dccp', 'udplite', 'cgroup', 'bpf', 'devgroup', 'ecn', 'ipvs',
  'osf', 'cluster', 'cpu', 'rateest', 'tcpmss', 'conntrack-helper', 'connlabel', 'ipcomp', 'l2tp', 'nfqueue',
];

/** Targets iptables ships that the simulator does not model. */
export const UNSIMULATED_TARGETS = [
  'QUEUE', 'NFQUEUE', 'TPROXY', 'TRACE', 'TEE', 'NETMAP',
  'AUDIT', 'NFLOG', 'ULOG', 'SECMARK', 'CONNSECMARK', 'HMARK', 'IDLETIMER', 'LED', 'SYNPROXY',
  'CLUSTERIP', 'ECN', 'RATEEST', 'TCPOPTSTRIP', 'MIRROR', 'SAME', 'DNPT', 'SNPT', 'HL', 'LOGMARK',
];

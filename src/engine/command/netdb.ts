/*
 * The C library's network databases as a fresh Debian 12 has them (netbase 6.4): getservbyname
 * and getservbyport over /etc/services, getprotobyname and getprotobynumber over
 * /etc/protocols. iptables resolves and prints service and protocol names through these.
 */

/** /etc/services in file order: `name:port/protocols[,alias…]`, protocols t(cp) u(dp) s(ctp) d(dp) joined by `+`. */
const SERVICES_TEXT =
  'tcpmux:1/t echo:7/t+u discard:9/t+u,sink,null systat:11/t,users daytime:13/t+u netstat:15/t qotd:17/t,quote ' +
  'chargen:19/t+u,ttytst,source ftp-data:20/t ftp:21/t fsp:21/u,fspd ssh:22/t telnet:23/t smtp:25/t,mail ' +
  'time:37/t+u,timserver whois:43/t,nicname tacacs:49/t+u domain:53/t+u bootps:67/u bootpc:68/u tftp:69/u ' +
  'gopher:70/t finger:79/t http:80/t,www kerberos:88/t+u,kerberos5,krb5,kerberos-sec iso-tsap:102/t,tsap ' +
  'acr-nema:104/t,dicom pop3:110/t,pop-3 sunrpc:111/t+u,portmapper auth:113/t,authentication,tap,ident ' +
  'nntp:119/t,readnews,untp ntp:123/u epmap:135/t,loc-srv netbios-ns:137/u netbios-dgm:138/u netbios-ssn:139/t ' +
  'imap2:143/t,imap snmp:161/t+u snmp-trap:162/t+u,snmptrap cmip-man:163/t+u cmip-agent:164/t+u mailq:174/t ' +
  'xdmcp:177/u bgp:179/t smux:199/t qmtp:209/t z3950:210/t,wais ipx:213/u ptp-event:319/u ptp-general:320/u ' +
  'pawserv:345/t zserv:346/t rpc2portmap:369/t+u codaauth2:370/t+u clearcase:371/u,Clearcase ldap:389/t+u ' +
  'svrloc:427/t+u https:443/t+u snpp:444/t microsoft-ds:445/t kpasswd:464/t+u submissions:465/t,ssmtp,smtps,urd ' +
  'saft:487/t isakmp:500/u rtsp:554/t+u nqs:607/t asf-rmcp:623/u qmqp:628/t ipp:631/t ldp:646/t+u exec:512/t ' +
  'biff:512/u,comsat login:513/t who:513/u,whod shell:514/t,cmd,syslog syslog:514/u printer:515/t,spooler ' +
  'talk:517/u ntalk:518/u route:520/u,router,routed gdomap:538/t+u uucp:540/t,uucpd klogin:543/t ' +
  'kshell:544/t,krcmd dhcpv6-client:546/u dhcpv6-server:547/u afpovertcp:548/t nntps:563/t,snntp ' +
  'submission:587/t ldaps:636/t+u tinc:655/t+u silc:706/t kerberos-adm:749/t domain-s:853/t+u rsync:873/t ' +
  'ftps-data:989/t ftps:990/t telnets:992/t imaps:993/t pop3s:995/t socks:1080/t proofd:1093/t rootd:1094/t ' +
  'openvpn:1194/t+u rmiregistry:1099/t lotusnote:1352/t,lotusnotes ms-sql-s:1433/t ms-sql-m:1434/u ' +
  'ingreslock:1524/t datametrics:1645/t+u,old-radius sa-msg-port:1646/t+u,old-radacct kermit:1649/t ' +
  'groupwise:1677/t l2f:1701/u,l2tp radius:1812/t+u radius-acct:1813/t+u,radacct cisco-sccp:2000/t nfs:2049/t+u ' +
  'gnunet:2086/t+u rtcm-sc104:2101/t+u gsigatekeeper:2119/t gris:2135/t cvspserver:2401/t venus:2430/t+u ' +
  'venus-se:2431/t+u codasrv:2432/t+u codasrv-se:2433/t+u mon:2583/t+u dict:2628/t f5-globalsite:2792/t ' +
  'gsiftp:2811/t gpsd:2947/t gds-db:3050/t,gds_db icpv2:3130/u,icp isns:3205/t+u iscsi-target:3260/t ' +
  'mysql:3306/t ms-wbt-server:3389/t nut:3493/t+u distcc:3632/t daap:3689/t svn:3690/t,subversion suucp:4031/t ' +
  'sysrqd:4094/t sieve:4190/t epmd:4369/t remctl:4373/t f5-iquery:4353/t ntske:4460/t ipsec-nat-t:4500/u ' +
  'iax:4569/u mtn:4691/t radmin-port:4899/t sip:5060/t+u sip-tls:5061/t+u xmpp-client:5222/t,jabber-client ' +
  'xmpp-server:5269/t,jabber-server cfengine:5308/t mdns:5353/u postgresql:5432/t,postgres freeciv:5556/t,rptp ' +
  'amqps:5671/t amqp:5672/t+s x11:6000/t,x11-0 x11-1:6001/t x11-2:6002/t x11-3:6003/t x11-4:6004/t x11-5:6005/t ' +
  'x11-6:6006/t x11-7:6007/t gnutella-svc:6346/t+u gnutella-rtr:6347/t+u redis:6379/t ' +
  'sge-qmaster:6444/t,sge_qmaster sge-execd:6445/t,sge_execd mysql-proxy:6446/t babel:6696/u ircs-u:6697/t ' +
  'bbs:7000/t afs3-fileserver:7000/u afs3-callback:7001/u afs3-prserver:7002/u afs3-vlserver:7003/u ' +
  'afs3-kaserver:7004/u afs3-volser:7005/u afs3-bos:7007/u afs3-update:7008/u afs3-rmtsys:7009/u ' +
  'font-service:7100/t,xfs http-alt:8080/t,webcache puppet:8140/t bacula-dir:9101/t bacula-fd:9102/t ' +
  'bacula-sd:9103/t xmms2:9667/t nbd:10809/t zabbix-agent:10050/t zabbix-trapper:10051/t amanda:10080/t ' +
  'dicom:11112/t hkp:11371/t db-lsp:17500/t dcap:22125/t gsidcap:22128/t wnn6:22273/t rtmp:1/d nbp:2/d echo:4/d ' +
  'zip:6/d kerberos4:750/u+t,kerberos-iv,kdc kerberos-master:751/u,kerberos_master kerberos-master:751/t ' +
  'passwd-server:752/u,passwd_server krb-prop:754/t,krb_prop,krb5_prop,hprop zephyr-srv:2102/u ' +
  'zephyr-clt:2103/u zephyr-hm:2104/u iprop:2121/t supfilesrv:871/t supfiledbg:1127/t poppassd:106/t ' +
  'moira-db:775/t,moira_db moira-update:777/t,moira_update moira-ureg:779/u,moira_ureg spamd:783/t ' +
  'skkserv:1178/t predict:1210/u rmtcfg:1236/t xtel:1313/t xtelw:1314/t zebrasrv:2600/t zebra:2601/t ' +
  'ripd:2602/t ripngd:2603/t ospfd:2604/t bgpd:2605/t ospf6d:2606/t ospfapi:2607/t isisd:2608/t fax:4557/t ' +
  'hylafax:4559/t munin:4949/t,lrrd rplay:5555/u nrpe:5666/t nsca:5667/t canna:5680/t syslog-tls:6514/t ' +
  'sane-port:6566/t,sane,saned ircd:6667/t zope-ftp:8021/t tproxy:8081/t omniorb:8088/t clc-build-daemon:8990/t ' +
  'xinetd:9098/t git:9418/t zope:9673/t webmin:10000/t kamanda:10081/t amandaidx:10082/t amidxtape:10083/t ' +
  'sgi-cmsd:17001/u sgi-crsd:17002/u sgi-gcd:17003/u sgi-cad:17004/t binkp:24554/t asp:27374/t+u csync2:30865/t ' +
  'dircproxy:57000/t tfido:60177/t fido:60179/t';

const PROTO_LETTERS: Record<string, string> = { t: 'tcp', u: 'udp', s: 'sctp', d: 'ddp' };

interface Servent {
  readonly names: readonly string[];
  readonly port: number;
  readonly protos: readonly string[];
}

const SERVICES: Servent[] = SERVICES_TEXT.split(' ').map((entry) => {
  const [head = '', ...aliases] = entry.split(',');
  const [name = '', rest = ''] = head.split(':');
  const [port = '', protos = ''] = rest.split('/');
  return { names: [name, ...aliases], port: Number(port), protos: protos.split('+').map((p) => PROTO_LETTERS[p]!) };
});

/** getservbyname: the first entry with this name or alias, for `proto` (any protocol when undefined). */
export function getservbyname(name: string, proto?: string): number | undefined {
  return SERVICES.find((s) => s.names.includes(name) && (proto === undefined || s.protos.includes(proto)))?.port;
}

/** getservbyport: the official name of the first entry for this port and protocol. */
export function getservbyport(port: number, proto: string): string | undefined {
  return SERVICES.find((s) => s.port === port && s.protos.includes(proto))?.names[0];
}

/** /etc/protocols: the official names by number (their aliases are the same names capitalised). */
const PROTOCOLS: [number, string][] = (
  '0:ip 0:hopopt 1:icmp 2:igmp 3:ggp 4:ipencap 5:st 6:tcp 8:egp 9:igp 12:pup 17:udp 20:hmp 22:xns-idp 27:rdp ' +
  '29:iso-tp4 33:dccp 36:xtp 37:ddp 38:idpr-cmtp 41:ipv6 43:ipv6-route 44:ipv6-frag 45:idrp 46:rsvp 47:gre ' +
  '50:esp 51:ah 57:skip 58:ipv6-icmp 59:ipv6-nonxt 60:ipv6-opts 73:rspf 81:vmtp 88:eigrp 89:ospf 93:ax.25 ' +
  '94:ipip 97:etherip 98:encap 103:pim 108:ipcomp 112:vrrp 115:l2tp 124:isis 132:sctp 133:fc ' +
  '135:mobility-header 136:udplite 137:mpls-in-ip 138:manet 139:hip 140:shim6 141:wesp 142:rohc 143:ethernet 262:mptcp'
)
  .split(' ')
  .map((e) => [Number(e.slice(0, e.indexOf(':'))), e.slice(e.indexOf(':') + 1)]);

export function getprotobyname(name: string): number | undefined {
  return PROTOCOLS.find(([, n]) => n === name)?.[0];
}

export function getprotobynumber(proto: number): string | undefined {
  return PROTOCOLS.find(([p]) => p === proto)?.[1];
}

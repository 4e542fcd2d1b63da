import type { Ip4 } from '../addr/ipv4';

/** The /etc files the network tools read: hosts, resolv.conf, and the files sysctl and iptables-restore load. */
export class Files {
  /** /etc/hosts lines as (address, names), in file order; localhost is there by default. */
  readonly hosts: { ip: Ip4; names: string[] }[] = [{ ip: 0x7f000001, names: ['localhost'] }];
  /** nameserver lines of /etc/resolv.conf. */
  nameservers: Ip4[] = [];
  /** Files kept as text for the tools that read them (sysctl.conf, sysctl.d/*.conf, iptables/rules.v4), by path. */
  readonly texts = new Map<string, string>();

  resolveHost(name: string): Ip4 | undefined {
    const lower = name.toLowerCase();
    return this.hosts.find((h) => h.names.some((n) => n.toLowerCase() === lower))?.ip;
  }
}

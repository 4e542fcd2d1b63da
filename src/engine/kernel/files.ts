import type { Ip4 } from '../addr/ipv4';

/** The /etc files the network tools read: hosts and resolv.conf. */
export class Files {
  /** /etc/hosts lines as (address, names), in file order; localhost is there by default. */
  readonly hosts: { ip: Ip4; names: string[] }[] = [{ ip: 0x7f000001, names: ['localhost'] }];
  /** nameserver lines of /etc/resolv.conf. */
  nameservers: Ip4[] = [];

  resolveHost(name: string): Ip4 | undefined {
    const lower = name.toLowerCase();
    return this.hosts.find((h) => h.names.some((n) => n.toLowerCase() === lower))?.ip;
  }
}

import type { Ip4 } from '../addr/ipv4';
import { RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN } from './fib';

/** /etc/iproute2/rt_tables as installed: every box shares it until one writes the file. */
const RT_TABLES: ReadonlyMap<string, number> = new Map([
  ['local', RT_TABLE_LOCAL],
  ['main', RT_TABLE_MAIN],
  ['default', RT_TABLE_DEFAULT],
  ['unspec', 0],
]);
const LOCALHOST: Files['hosts'] = Object.freeze([Object.freeze({ ip: 0x7f000001, names: Object.freeze(['localhost']) as string[] })]);

/** The /etc files the network tools read: hosts, resolv.conf, and the files sysctl and iptables-restore load. */
export class Files {
  /** /etc/hosts lines as (address, names), in file order; localhost is there by default. Replaced, not changed in place (boxes share the default). */
  hosts: readonly { readonly ip: Ip4; readonly names: readonly string[] }[] = LOCALHOST;
  /** nameserver lines of /etc/resolv.conf. */
  nameservers: readonly Ip4[] = [];
  /** /etc/iproute2/rt_tables: name -> id. Replaced, not changed in place. */
  rtTables: ReadonlyMap<string, number> = RT_TABLES;
  private kept?: Map<string, string>;
  /** Files kept as text for the tools that read them (sysctl.conf, sysctl.d/*.conf, iptables/rules.v4), by path. */
  get texts(): Map<string, string> {
    return (this.kept ??= new Map());
  }

  resolveHost(name: string): Ip4 | undefined {
    const lower = name.toLowerCase();
    return this.hosts.find((h) => h.names.some((n) => n.toLowerCase() === lower))?.ip;
  }
}

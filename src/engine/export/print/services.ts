import { getservbyport } from '../../command/netdb';

/**
 * getservbyport(3) over Debian 12's /etc/services (netbase 6.4), what iptables -L prints for
 * ports when not given -n: the first name listed for the port and protocol.
 */
export function serviceName(port: number, proto: 'tcp' | 'udp'): string | undefined {
  return getservbyport(port, proto);
}

/*
 * The wire module: packet values (types), their bytes (encode/decode per layer), capture
 * files (pcap, pcapng), tcpdump's text, and DNS messages. Everything is pure: Uint8Array and
 * DataView only, so it runs in the worker, in Node and in the CLI alike.
 */
export * from './types';
export { WireDecodeError } from './bytes';
export { internetChecksum, pseudoHeaderSum } from './checksum';
export { encodeFrame, decodeFrame, decodeCapturedFrame, ethertypeOf, ETHERNET_HEADER_LENGTH } from './ethernet';
export { encodeArp, decodeArp, ARP_LENGTH } from './arp';
export { encodeIpv4, decodeIpv4, decodeQuotedIpv4, IPV4_HEADER_LENGTH } from './ipv4';
export { isIcmpError, quotedByteCount, LINUX_ICMP_QUOTE_LIMIT, ICMP_SOURCE_QUENCH, ICMP_PARAMETER_PROBLEM, ICMP_FRAG_NEEDED_CODE } from './icmp';
export { encodeTcp, decodeTcp, encodeTcpOptions, tcpHeaderLength } from './tcp';
export { encodeUdp, decodeUdp } from './udp';
export { writePcap, readPcap, readPcapFile, type PcapRecord, type PcapFile, LINKTYPE_ETHERNET, PCAP_SNAPLEN } from './pcap';
export { writePcapng, readPcapng, type PcapngInterface, type PcapngPacket, type PcapngFile } from './pcapng';
export { formatTcpdump, formatIpv4, type TcpdumpOptions } from './tcpdump';
export { formatDnsMessage } from './tcpdump-dns';
export * from './dns';

/*
 * How traceroute 2.1 annotates an ICMP destination unreachable (parse_icmp_res): port
 * unreachable means the destination answered (no mark); the others end the trace too.
 */

export function unreachMark(code: number): string {
  switch (code) {
    case 3: return '';
    case 0: case 6: case 8: case 11: return '!N';
    case 1: case 7: case 12: return '!H';
    case 9: case 10: case 13: return '!X';
    case 2: return '!P';
    case 4: return '!F';
    case 5: return '!S';
    case 14: return '!V';
    case 15: return '!C';
    default: return `!<${code}>`;
  }
}

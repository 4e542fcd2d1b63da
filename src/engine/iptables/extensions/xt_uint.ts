import { iptError, parseU32 } from '../../command/iptables-values';

/**
 * XTTYPE_UINT8/16/32 with a range (xtopt_parse_int): base 0, and out of the range the message
 * every such option gives, blank line and all.
 */
export function uintOption(ext: string, option: string, text: string, column: number, min: number, max: number): number {
  const n = parseU32(text);
  if (n === undefined || n < min || n > max) throw iptError(column, `${ext}: bad value for option "--${option}", or out of range (${min}-${max}).\n`);
  return n;
}

/** printf("0x%02x"). */
export const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

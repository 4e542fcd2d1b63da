/* include/uapi/linux/neighbour.h: the NUD_* state bits of struct ndmsg, as tools send and print them. */

export const NUD_REACHABLE = 0x02;
export const NUD_NOARP = 0x40;
export const NUD_PERMANENT = 0x80;

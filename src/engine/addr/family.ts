/*
 * Address families as include/linux/socket.h numbers them. The kernel model keeps addresses as
 * bare numbers (an Ip4 today) for speed; where a value could later be an IPv6 address, its
 * family travels beside it, and the generic layers (neighbour, conntrack, fib rules) dispatch
 * on it to the operations that family registered.
 */

export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;

export type Family = typeof AF_INET | typeof AF_INET6;

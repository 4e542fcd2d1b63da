/**
 * Errno values the kernel model returns, with the strings glibc's strerror gives them
 * (what `ip`, `ping` and `nc` print).
 */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINVAL: 22,
  EACCES: 13,
  EEXIST: 17,
  EBUSY: 16,
  ERANGE: 34,
  EPROTONOSUPPORT: 93,
  ENODEV: 19,
  ENETUNREACH: 101,
  EHOSTUNREACH: 113,
  ECONNREFUSED: 111,
  ECONNRESET: 104,
  ETIMEDOUT: 110,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  EXDEV: 18,
  EAGAIN: 11,
  ENOBUFS: 105,
  ENETDOWN: 100,
  EMSGSIZE: 90,
  EOPNOTSUPP: 95,
  EAFNOSUPPORT: 97,
} as const;
export type ErrnoName = keyof typeof Errno;

export const STRERROR: Record<number, string> = {
  1: 'Operation not permitted',
  2: 'No such file or directory',
  3: 'No such process',
  11: 'Resource temporarily unavailable',
  13: 'Permission denied',
  16: 'Device or resource busy',
  17: 'File exists',
  18: 'Invalid cross-device link',
  19: 'No such device',
  22: 'Invalid argument',
  34: 'Numerical result out of range',
  93: 'Protocol not supported',
  90: 'Message too long',
  95: 'Operation not supported',
  97: 'Address family not supported by protocol',
  98: 'Address already in use',
  99: 'Cannot assign requested address',
  100: 'Network is down',
  101: 'Network is unreachable',
  105: 'No buffer space available',
  110: 'Connection timed out',
  111: 'Connection refused',
  104: 'Connection reset by peer',
  113: 'No route to host',
};

/**
 * A refusal from the kernel (netlink or a syscall): the errno, and the extended ack message
 * (NL_SET_ERR_MSG) when the kernel gives one. How a tool words it is the tool's business.
 */
export class KernelError extends Error {
  constructor(
    readonly errno: number,
    readonly extack?: string,
  ) {
    super(extack ?? STRERROR[errno] ?? `errno ${errno}`);
  }
}

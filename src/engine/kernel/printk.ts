/*
 * The kernel log (kernel/printk/printk.c): each printk is a record with its level and the
 * time since boot, kept in a ring of fixed size (2^CONFIG_LOG_BUF_SHIFT, 256 KiB on Debian's
 * kernels) where the oldest records make room for new ones. `dmesg` reads it, `dmesg -c`
 * reads and empties it. One per machine (a device is a whole machine).
 */

export interface PrintkRecord {
  /** Virtual time since boot, ns. */
  readonly ts: number;
  /** 0 (emerg) … 7 (debug). */
  readonly level: number;
  readonly text: string;
}

/** printk_ringbuffer's per-record overhead on 64-bit (struct printk_info plus descriptor), roughly. */
const RECORD_OVERHEAD = 88;
export const LOG_BUF_LEN = 1 << 18;

export class PrintkRing {
  private readonly records: PrintkRecord[] = [];
  private bytes = 0;
  /** The pr_*_once call sites that have printed since boot. */
  private get done(): Set<string> {
    return (this.doneMade ??= new Set());
  }
  /** Made at first use: most namespaces never need it. */
  private doneMade?: Set<string>;

  /** Told before a record is added or the ring is cleared (the view log keeps what dmesg printed before). */
  beforeChange?: () => void;

  constructor(private readonly capacity = LOG_BUF_LEN) {}

  /** vprintk_store: one record per line (a trailing newline ends it). */
  printk(ts: number, level: number, text: string): void {
    this.beforeChange?.();
    for (const line of text.replace(/\n$/, '').split('\n')) {
      const record = { ts, level, text: line };
      this.records.push(record);
      this.bytes += RECORD_OVERHEAD + line.length;
    }
    while (this.bytes > this.capacity && this.records.length) {
      const old = this.records.shift()!;
      this.bytes -= RECORD_OVERHEAD + old.text.length;
    }
  }

  /** pr_warn_once and friends: `site` prints its line the first time only, until the next boot. */
  printOnce(site: string, ts: number, level: number, text: string): void {
    if (this.done.has(site)) return;
    this.done.add(site);
    this.printk(ts, level, text);
  }

  read(): readonly PrintkRecord[] {
    return this.records;
  }

  /** SYSLOG_ACTION_CLEAR. */
  clear(): void {
    this.beforeChange?.();
    this.records.length = 0;
    this.bytes = 0;
  }
}

import type { Ip4 } from '../addr/ipv4';
import { MAC_ZERO, isMulticastMac, type Mac } from '../addr/mac';
import { Errno, KernelError } from './errors';

/*
 * A vxlan device's forwarding database (drivers/net/vxlan/vxlan_core.c: struct vxlan_fdb and
 * its vxlan_rdst list): inner MAC → the remote VTEPs its frames are sent to. The all-zeros MAC
 * is the default entry (`remote`, or `bridge fdb append 00:00:00:00:00:00 ... dst A`, one copy
 * per destination: head-end replication). `bridge fdb show` lists the newest entry first.
 */

/** struct vxlan_rdst: one destination of an entry; port, vni and ifindex as the kernel keeps them. */
export interface VxlanRdst {
  ip: Ip4;
  port: number;
  vni: number;
  /** remote_ifindex: the device the outer packet must leave by (`via DEV`, or the vxlan's `dev`); 0 none. */
  ifindex: number;
}

/**
 * NUD state as iproute2 prints it: permanent (NUD_PERMANENT), static (NUD_NOARP), reachable
 * (NUD_REACHABLE: learned or `dynamic`, printed as nothing).
 */
export type VxlanFdbState = 'permanent' | 'static' | 'reachable';

export interface VxlanFdbEntry {
  mac: Mac;
  state: VxlanFdbState;
  remotes: VxlanRdst[];
  /** Virtual time (ns) of the last update: learned entries age out `ageing` seconds after it. */
  updated: number;
}

/** NLM_F_EXCL|NLM_F_CREATE (add), NLM_F_CREATE|NLM_F_REPLACE (replace), NLM_F_CREATE|NLM_F_APPEND (append). */
export type FdbUpdateMode = 'add' | 'replace' | 'append';

function sameRdst(a: VxlanRdst, b: VxlanRdst): boolean {
  return a.ip === b.ip && a.port === b.port && a.vni === b.vni && a.ifindex === b.ifindex;
}

/** An entry that may hold several remotes: only the default (all zeros) and multicast MACs. */
function floodEntry(mac: Mac): boolean {
  return mac === MAC_ZERO || isMulticastMac(mac);
}

export class VxlanFdb {
  /** Newest first (vxlan->fdb_list, hlist_add_head). */
  private readonly entries: VxlanFdbEntry[] = [];

  constructor(
    /** The namespace's clock (ns). */
    private readonly now: () => number,
    /** `ageing` in ns; 0: learned entries never age. */
    private readonly ageingNs: number,
  ) {}

  /**
   * vxlan_cleanup: a reachable entry (learned, or added `dynamic`) not updated for `ageing`
   * seconds goes; static and permanent ones stay. The kernel's timer looks every 10 s; here an
   * entry goes the moment it is due.
   */
  private expire(): void {
    if (!this.ageingNs) return;
    const now = this.now();
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.state === 'reachable' && now - e.updated >= this.ageingNs) this.entries.splice(i, 1);
    }
  }

  /** The live entries, newest first (vxlan_fdb_dump). */
  list(): readonly VxlanFdbEntry[] {
    this.expire();
    return this.entries;
  }

  /** vxlan_find_mac. */
  find(mac: Mac): VxlanFdbEntry | undefined {
    this.expire();
    return this.entries.find((e) => e.mac === mac);
  }

  /** vxlan_fdb_update: create, or update an existing entry as the mode allows. */
  update(mac: Mac, state: VxlanFdbState, rd: VxlanRdst, mode: FdbUpdateMode): void {
    const now = this.now();
    const f = this.find(mac);
    if (f) {
      // vxlan_fdb_update_existing
      if (mode === 'add') throw new KernelError(Errno.EEXIST);
      if (mode === 'replace' && floodEntry(mac)) throw new KernelError(Errno.EOPNOTSUPP, 'Cannot replace non-unicast fdb entries');
      f.state = state;
      f.updated = now;
      // vxlan_fdb_replace: the first remote takes the new destination.
      if (mode === 'replace') f.remotes[0] = { ...rd };
      // vxlan_fdb_append: only a flood entry gains destinations; an equal one is not added twice.
      else if (floodEntry(mac) && !f.remotes.some((r) => sameRdst(r, rd))) f.remotes.push({ ...rd });
      return;
    }
    // vxlan_fdb_update_create: replace may not make a flood entry.
    if (mode === 'replace' && floodEntry(mac)) throw new KernelError(Errno.EOPNOTSUPP);
    this.entries.unshift({ mac, state, remotes: [{ ...rd }], updated: now });
  }

  /**
   * __vxlan_fdb_delete: an unknown MAC is ENOENT; with a destination given, only that remote
   * goes (the whole entry when it is the last), and a destination it does not have is no error.
   */
  delete(mac: Mac, rd: VxlanRdst | undefined): void {
    const f = this.find(mac);
    if (!f) throw new KernelError(Errno.ENOENT);
    if (rd) {
      const i = f.remotes.findIndex((r) => sameRdst(r, rd));
      if (i < 0) return;
      if (f.remotes.length > 1) {
        f.remotes.splice(i, 1);
        return;
      }
    }
    this.entries.splice(this.entries.indexOf(f), 1);
  }

  /**
   * vxlan_snoop: a frame from `mac` arrived from `ip`. A new MAC is learned (reachable); a
   * known one is refreshed, and a learned one moves to the new address; a static or permanent
   * one does not move, and the frame is dropped (returns true).
   */
  snoop(mac: Mac, rd: VxlanRdst): boolean {
    const now = this.now();
    const f = this.find(mac);
    if (!f) {
      this.entries.unshift({ mac, state: 'reachable', remotes: [{ ...rd }], updated: now });
      return false;
    }
    f.updated = now;
    const first = f.remotes[0]!;
    if (first.ip === rd.ip && first.ifindex === rd.ifindex) return false;
    if (f.state !== 'reachable') return true;
    first.ip = rd.ip;
    return false;
  }
}

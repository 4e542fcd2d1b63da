import type { ModprobeCommand } from '../command/modprobe';
import { moduleNormalize } from '../kernel/module';
import { LabError, shellQuote } from './lab';

/*
 * A config's `modprobe` in a lab. Modules are the host's: the lab loads none it can do without
 * and never removes one. In the simulator each device is a machine where br_netfilter starts
 * unloaded (the lab's namespaces start with bridge-nf-call-* = 0, mkns); loading it there means
 * brnf_init_net's defaults (call-iptables/ip6tables/arptables = 1) in the device's namespaces,
 * which is what the lab sets, after loading the module on the host only if it is missing.
 */

/** The lab step for a config line `modprobe [-q] [-a] MODULE…`. */
export function modprobeStep(device: string, n: number, c: ModprobeCommand): string {
  if (c.remove) throw new LabError(device, n, 1, "modprobe -r would unload the host's module: not part of a lab");
  return `modprobe_lab ${shellQuote(device)} ${n} ${c.modules.map((m) => shellQuote(moduleNormalize(m.text))).join(' ')}`;
}

/**
 * The runtime helpers. brnf_defaults NS: br_netfilter's per-namespace defaults in a namespace;
 * modprobe_lab sets them in the device's namespace and in those its config made so far
 * ("<its namespace>.NAME"), and marks the device in $STATE/brnf.<its namespace>: a namespace
 * made for it later gets them too (setup_net runs brnf_init_net for every new one): ip netns add
 * in the lab (lab-runtime.ts) calls brnf_defaults when that file exists.
 */
export const LAB_MODPROBE_RUNTIME = String.raw`
brnf_defaults() {
  command ip netns exec "$1" sysctl -qw net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1 \
    net.bridge.bridge-nf-call-arptables=1 net.bridge.bridge-nf-filter-vlan-tagged=0 \
    net.bridge.bridge-nf-filter-pppoe-tagged=0 net.bridge.bridge-nf-pass-vlan-input-dev=0
}
export -f brnf_defaults

# modprobe_lab DEV LINE_NO MODULE...: a config's modprobe (see lab-modprobe.ts).
modprobe_lab() {
  local d=$1 n=$2 m ns
  shift 2
  for m in "$@"; do
    if [ "$m" = br_netfilter ]; then
      # Loaded (or built in) exactly when /proc/sys/net/bridge exists.
      if [ ! -d /proc/sys/net/bridge ]; then
        command -v modprobe >/dev/null 2>&1 && modprobe br_netfilter || fail "$d: config line $n: br_netfilter is not loaded on this host and cannot be loaded"
      fi
      # The device's namespace and those its config made (named "<its namespace>.NAME").
      for ns in "/run/netns/$PREFIX$d" "/run/netns/$PREFIX$d".*; do
        [ -e "$ns" ] || continue
        brnf_defaults "${'$'}{ns#/run/netns/}" || fail "$d: config line $n: cannot set br_netfilter's defaults in ${'$'}{ns#/run/netns/}"
      done
      : > "$STATE/brnf.$PREFIX$d"
    elif [ ! -d "/sys/module/$m" ] && command -v modprobe >/dev/null 2>&1; then
      # Another module changes nothing the simulator shows; one built in needs no loading.
      modprobe "$m" || line_failed "$d" "$n" "failed: cannot load module $m"
    fi
  done
}
`;

/**
 * The fixed part of the lab script (bash): its helpers, `up` and `down`. labScript puts the
 * scenario's namespaces, ports, links and configs in front of it.
 */
export const LAB_RUNTIME = String.raw`
SELF=${'$'}{BASH_SOURCE[0]:-lab.sh}
BUILDING=0

say() { echo "lab.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# Anything going wrong while building removes what was built so far.
fail() {
  say "$*"
  if ((BUILDING)); then
    BUILDING=0
    say "removing what was built"
    teardown
  fi
  exit 1
}

check_env() {
  [ "${'$'}{EUID:-$(id -u)}" -eq 0 ] || die "must run as root (try: sudo bash $SELF $1)"
  local missing=() t tools=(ip)
  [ "$1" = up ] && tools=(ip iptables tcpdump nc ss)
  for t in "${'$'}{tools[@]}"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  ((${'$'}{#missing[@]} == 0)) || die "missing: ${'$'}{missing[*]} (Debian/Ubuntu: apt-get install iproute2 iptables tcpdump netcat-openbsd)"
  ip netns list >/dev/null 2>&1 || die "'ip netns' does not work here (network namespaces unavailable?)"
}

ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF -- "$1"; }

# Kernel defaults (include/linux/inetdevice.h, net/ipv4/devinet.c): set for conf/all and conf/default.
# A string, not an array: config lines' shells get it through the environment (nsdefaults).
CONF_DEFAULTS="rp_filter=0 arp_ignore=0 arp_announce=0 arp_filter=0 arp_accept=0 arp_notify=0
  proxy_arp=0 proxy_arp_pvlan=0 route_localnet=0 send_redirects=1 accept_redirects=1
  secure_redirects=1 shared_media=1 accept_local=0 log_martians=0 promote_secondaries=0
  bootp_relay=0 src_valid_mark=0 ignore_routes_with_linkdown=0 drop_gratuitous_arp=0
  drop_unicast_in_l2_multicast=0 bc_forwarding=0 arp_evict_nocarrier=1"

# nsdefaults NS: IPv6 off and the kernel defaults set explicitly (a new namespace inherits
# conf/all and conf/default from the host), for a device's namespace and for each one its config
# makes with ip netns add.
nsdefaults() {
  local ns=$1 kv keys=()
  keys=(net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_forward=0)
  for kv in $CONF_DEFAULTS; do keys+=("net.ipv4.conf.all.$kv" "net.ipv4.conf.default.$kv"); done
  keys+=(net.ipv4.conf.default.accept_source_route=1 net.ipv4.conf.all.accept_source_route=0)
  # The simulator's default is "br_netfilter not loaded": bridged frames do not go through
  # iptables. Where the module is loaded (every new namespace then has bridge-nf-call-* = 1),
  # it is turned off here; a config's own sysctl (or modprobe br_netfilter) turns it back on.
  keys+=(net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=0 net.bridge.bridge-nf-call-ip6tables=0)
  command ip netns exec "$ns" bash -c '
    for kv in "$@"; do
      k=${'$'}{kv%%=*}; f=/proc/sys/${'$'}{k//.//}
      if [ ! -e "$f" ]; then
        case $k in net.ipv6.*|net.bridge.*|*.arp_evict_nocarrier|*.drop_unicast_in_l2_multicast) continue ;; esac
        echo "no sysctl $k" >&2; exit 1
      fi
      echo "${'$'}{kv#*=}" > "$f" || { echo "cannot set $k" >&2; exit 1; }
    done' sysctl "${'$'}{keys[@]}"
}

# ---- A device's own namespaces (ip netns add ns1 in its config or a flow)
# In the lab, NAME is the namespace "$HP_NETNS$NAME", HP_NETNS being "$PREFIX<device>." (a device
# id holds no dot), so two devices may both make ns1 and no name reaches a namespace outside the
# device's. ip and nsenter are shell functions that map every way of naming one and call the real
# tools; exported, they map in nested shells too (ip netns exec ns1 bash -c '…'). HP_NETNS is set
# only for config lines and flows (nsx): the script's own ip calls go straight to the tool.
__hp_real() { printf '%s' "$HP_NETNS$1"; }
# ip netns add/del run in the lab's own mount namespace (HP_ANCHOR): in the one ip netns exec
# made for the device, the bind mount naming the namespace would not propagate and would vanish
# with the line's shell.
__hp_anchored() { command nsenter --mount="$HP_ANCHOR" -- "$@"; }
# Run "$@" (ip or nsenter map names only as shell functions) so that the mapping applies inside.
__hp_inner() {
  case $1 in ip|nsenter) set -- bash -c '"$@"' bash "$@" ;; esac
  "$@"
}
# Prints the tool's stderr with the lab's names for the namespace replaced by the scenario's.
__hp_named() {
  local name=$1 real=$2 err rc
  shift 2
  err=$("$@" 2>&1 >/dev/null)
  rc=$?
  [ -n "$err" ] && printf '%s\n' "${'$'}{err//"$real"/"$name"}" >&2
  return $rc
}
# Lines of ip netns list or identify naming this device's namespaces, by their scenario names.
__hp_own() {
  local line
  while IFS= read -r line; do [[ $line == "$HP_NETNS"?* ]] && printf '%s\n' "${'$'}{line#"$HP_NETNS"}"; done
  return 0
}
__hp_netns() {
  local sub=${'$'}{1:-list} name real
  (($#)) && shift
  case $sub in
    l|li|lis|list|s|sh|sho|show|ls|lst) command ip "${'$'}{opts[@]}" netns list | __hp_own ;;
    i|id|ide|iden|ident|identi|identif|identify) command ip "${'$'}{opts[@]}" netns identify "$@" | __hp_own ;;
    a|ad|add)
      name=${'$'}{1-}; real=$(__hp_real "$name")
      [ -n "$name" ] || { command ip netns add; return; }
      __hp_named "$name" "$real" __hp_anchored ip "${'$'}{opts[@]}" netns add "$real" || return
      nsdefaults "$real" || { echo "lab.sh: cannot set the kernel defaults in $real" >&2; return 1; }
      # A device that loaded br_netfilter gives each namespace made later its defaults (brnf_init_net).
      if [ -e "$HP_STATE/brnf.${'$'}{HP_NETNS%.}" ]; then brnf_defaults "$real" || return 1; fi ;;
    d|de|del|dele|delet|delete)
      name=${'$'}{1-}; real=$(__hp_real "$name")
      [ -n "$name" ] || { command ip netns del; return; }
      __hp_named "$name" "$real" __hp_anchored ip "${'$'}{opts[@]}" netns del "$real" ;;
    p|pi|pid|pids)
      name=${'$'}{1-}; real=$(__hp_real "$name")
      __hp_named "$name" "$real" command ip "${'$'}{opts[@]}" netns pids "$real" ;;
    e|ex|exe|exec)
      name=${'$'}{1-}; real=$(__hp_real "$name")
      [ -n "$name" ] || { command ip netns exec; return; }
      shift
      if [ ! -e "/run/netns/$real" ]; then
        printf 'Cannot open network namespace "%s": No such file or directory\n' "$name" >&2
        return 255
      fi
      command ip "${'$'}{opts[@]}" netns exec "$real" bash -c '__hp_inner "$@"' bash "$@" ;;
    *) echo "lab.sh: ip netns $sub is not part of a lab" >&2; return 2 ;;
  esac
}
ip() {
  [ -n "${'$'}{HP_NETNS:-}" ] || { command ip "$@"; return; }
  local opts=() words=() o
  while (($#)) && [[ $1 == -?* ]]; do
    o=${'$'}{1#-}; o=-${'$'}{o#-}
    case $o in
      -n|-ne|-net|-netn|-netns) opts+=(-n "$(__hp_real "${'$'}{2-}")"); shift ;;
      -a|-al|-all|-b|-ba|-bat|-batc|-batch) echo "lab.sh: ip $1 is not part of a lab" >&2; return 2 ;;
      -f|-fa|-fam|-fami|-famil|-family|-l|-lo|-loo|-loop|-loops|-rc|-rcv|-rcvb|-rcvbu|-rcvbuf) opts+=("$1" "${'$'}{2-}"); shift ;;
      *) opts+=("$1") ;;
    esac
    (($#)) && shift
  done
  case ${'$'}{1-} in
    net|netn|netns) shift; __hp_netns "$@"; return ;;
    l|li|lin|link)
      # ip link set DEV netns NS, ip link add NAME netns NS …, peer name P netns NS
      while (($#)); do
        words+=("$1")
        if [ "$1" = netns ] && (($# > 1)); then words+=("$(__hp_real "$2")"); shift; fi
        shift
      done
      command ip "${'$'}{opts[@]}" "${'$'}{words[@]}" ;;
    *) command ip "${'$'}{opts[@]}" "$@" ;;
  esac
}
# nsenter --net=/var/run/netns/NS (or /run/netns/NS, or -nPATH) CMD…
nsenter() {
  [ -n "${'$'}{HP_NETNS:-}" ] || { command nsenter "$@"; return; }
  local path="" name
  while (($#)) && [[ $1 == -* ]]; do
    case $1 in
      --) shift; break ;;
      --net=/run/netns/*|--net=/var/run/netns/*) path=${'$'}{1#--net=} ;;
      -n/run/netns/*|-n/var/run/netns/*) path=${'$'}{1#-n} ;;
      *) echo "lab.sh: nsenter $1 is not part of a lab" >&2; return 2 ;;
    esac
    shift
  done
  [ -n "$path" ] || { echo "lab.sh: nsenter needs --net=/var/run/netns/NAME" >&2; return 2; }
  name=${'$'}{path##*/}
  if [ ! -e "/run/netns/$HP_NETNS$name" ]; then
    printf 'nsenter: cannot open %s: No such file or directory\n' "$path" >&2
    return 1
  fi
  command nsenter --net="/run/netns/$HP_NETNS$name" -- bash -c '__hp_inner "$@"' bash "$@"
}
# sudo as root with no password runs its command (tutorials prefix every line with it); the
# simulator accepted the line, so its options are the harmless ones and -u root. A Debian box
# without the sudo package runs the line too.
sudo() {
  while (($#)); do
    case $1 in
      --) shift; break ;;
      -u|--user) shift 2 ;;
      -?*) shift ;;
      *) break ;;
    esac
  done
  "$@"
}
# sh -c '…' runs in bash, which inherits these functions: dash would run the real ip and nsenter,
# whose namespace names reach outside the lab.
sh() { bash "$@"; }
export -f __hp_real __hp_anchored __hp_inner __hp_named __hp_own __hp_netns ip nsenter nsdefaults sudo sh
export CONF_DEFAULTS
# nsx DEV CMD…: run a command in a device's namespace, its own namespaces named as it names them.
nsx() { local d=$1; shift; command ip netns exec "$PREFIX$d" env HP_NETNS="$PREFIX$d." "$@"; }

mkns() {
  local ns=$1
  ip netns add "$ns" || fail "cannot create namespace $ns"
  nsdefaults "$ns" || fail "cannot set the kernel defaults in $ns"
  ip -n "$ns" link set lo up || fail "cannot bring lo up in $ns"
  # Per-namespace /etc (ip netns exec bind-mounts /etc/netns/NS/* over /etc/*).
  mkdir -p "/etc/netns/$ns/iproute2" || fail "cannot create /etc/netns/$ns"
  if [ -d /etc/iproute2 ]; then
    cp -a /etc/iproute2/. "/etc/netns/$ns/iproute2/" || fail "cannot copy /etc/iproute2"
  fi
  if [ ! -e "/etc/netns/$ns/iproute2/rt_tables" ]; then
    if [ -r /usr/share/iproute2/rt_tables ]; then cp /usr/share/iproute2/rt_tables "/etc/netns/$ns/iproute2/"
    else printf '255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n' > "/etc/netns/$ns/iproute2/rt_tables"; fi
  fi
  [ -d /etc/iproute2 ] || say "warning: the host has no /etc/iproute2, so rt_tables edits in $ns are not isolated"
  printf '# Hairpin lab: no nameserver until the scenario sets one\n' > "/etc/netns/$ns/resolv.conf"
  printf '127.0.0.1\tlocalhost\n' > "/etc/netns/$ns/hosts"
}

# link DEV_A PORT_A MAC_A DEV_B PORT_B MAC_B
link() {
  ip -n "$PREFIX$1" link add "$2" address "$3" type veth peer name "$5" address "$6" netns "$PREFIX$4" \
    || fail "cannot create the link $1:$2 - $4:$5"
}

# nolink DEV PORT MAC HOLDER: the peer is left down in the holding namespace.
nolink() {
  ip -n "$PREFIX$1" link add "$2" address "$3" type veth peer name "$4" netns "$VOID" \
    || fail "cannot create the unlinked port $1:$2"
}

# mkbridge DEV BRIDGE PORT...
# Multicast snooping off: with it on, the bridge joins 224.0.0.106 (all-snoopers, RFC 4286) and
# sends IGMPv3 reports from 0.0.0.0 for a while after it comes up. A plain learning switch floods.
mkbridge() {
  local d=$1 br=$2 p; shift 2
  ip -n "$PREFIX$d" link add "$br" type bridge stp_state 0 mcast_snooping 0 || fail "cannot create bridge $br in $PREFIX$d"
  for p in "$@"; do ip -n "$PREFIX$d" link set "$p" master "$br" || fail "cannot enslave $d:$p to $br"; done
  ip -n "$PREFIX$d" link set "$br" up || fail "cannot bring $d:$br up"
}

ifup() { ip -n "$PREFIX$1" link set "$2" up || fail "cannot bring $1:$2 up"; }

# port_indexes DEV:PORT ...: each port's ifindex, as "DEV PORT IFINDEX" lines in $STATE/ports, written
# before any config line runs. A config may rename a port (ip link set eth1 name wan0); a rename
# keeps the ifindex, so the recorder finds the port's capture by it.
port_indexes() {
  local spec d p info
  for spec in "$@"; do
    IFS=: read -r d p <<< "$spec"
    info=$(ip -n "$PREFIX$d" -o link show dev "$p") || fail "no port $d:$p"
    printf '%s %s %s\n' "$d" "$p" "${'$'}{info%%:*}" >> "$STATE/ports"
  done
}

# wait_links DEV:PORT:up|forwarding|nocarrier ...
wait_links() {
  local spec d p want i info ok
  for spec in "$@"; do
    IFS=: read -r d p want <<< "$spec"
    ok=0
    # Up to 15 s: linkwatch applies carrier asynchronously, slower on a busy machine.
    for ((i = 0; i < 600; i++)); do
      info=$(ip -n "$PREFIX$d" -d -o link show dev "$p" 2>/dev/null)
      case $want in
        up) [[ $info == *"state UP"* && $info != *NO-CARRIER* ]] && ok=1 ;;
        forwarding) [[ $info == *"state UP"* && $info != *NO-CARRIER* && $info == *"bridge_slave state forwarding"* ]] && ok=1 ;;
        nocarrier) [[ $info == *NO-CARRIER* ]] && ok=1 ;;
      esac
      ((ok)) && break
      sleep 0.025
    done
    ((ok)) || fail "$d:$p is not $want after 5 s"
  done
}

# line_failed DEV LINE_NO WHAT: a config line failed, and the lab stops, unless DEV is named in
# HAIRPIN_LAB_MODELLED (ids separated by spaces): a device whose config needs what a kernel may
# lack (ip_vs, dummy, 8021q, ipip modules). Its line is logged as skipped and the lab goes on, so
# the scenario's other devices still come up; nothing that touches such a device is recorded.
line_failed() {
  if [[ " ${'$'}{HAIRPIN_LAB_MODELLED:-} " == *" $1 "* ]]; then
    say "$1: config line $2 $3; skipped: $1 is modelled, not recorded (HAIRPIN_LAB_MODELLED)"
    return 0
  fi
  fail "$1: config line $2 $3"
}

# cfg DEV LINE_NO LINE: run one config line with bash in the device's namespace.
cfg() {
  local out rc
  out=$(nsx "$1" bash -c "$3" </dev/null 2>&1)
  rc=$?
  if ((rc != 0)); then
    [ -n "$out" ] && printf '%s\n' "$out" >&2
    line_failed "$1" "$2" "failed (exit $rc): $3"
  fi
}

# etcw DEV LINE_NO FILE append|write TEXT: what echo writes to /etc/FILE, written to the
# namespace's own copy (ip netns exec bind-mounts /etc/netns/NS/FILE over /etc/FILE), from here
# so that it can land nowhere else.
etcw() {
  local f="/etc/netns/$PREFIX$1/$3"
  [ -f "$f" ] || fail "$1: config line $2: $f is missing"
  if [ "$4" = append ]; then printf '%s' "$5" >> "$f"; else printf '%s' "$5" > "$f"; fi \
    || fail "$1: config line $2 failed: cannot write $f"
}

# etcf DEV LINE_NO PATH append|write TEXT: a file a tool reads later (sysctl.d/*.conf, sysctl.conf,
# iptables/rules.v4, nftables.conf, nftables.d/*.nft: the simulator allows no other), written to the namespace's own /etc/netns/NS.
etcf() {
  local f="/etc/netns/$PREFIX$1/$3"
  mkdir -p -- "${'$'}{f%/*}" || fail "$1: config line $2 failed: cannot create ${'$'}{f%/*}"
  if [ "$4" = append ]; then printf '%s' "$5" >> "$f"; else printf '%s' "$5" > "$f"; fi \
    || fail "$1: config line $2 failed: cannot write $f"
}

# restore DEV LINE_NO --noflush,--counters|- LINE...: iptables-restore reading a here-document's lines
# (restore6: ip6tables-restore).
restore6() { RESTORE_PROGRAM=ip6tables-restore restore "$@"; }
restore() {
  local d=$1 n=$2 out rc args=("${'$'}{RESTORE_PROGRAM:-iptables-restore}")
  [[ ,$3, == *,--noflush,* ]] && args+=(--noflush)
  [[ ,$3, == *,--counters,* ]] && args+=(--counters)
  shift 3
  out=$(printf '%s\n' "$@" | nsx "$d" "${'$'}{args[@]}" 2>&1)
  rc=$?
  if ((rc != 0)); then
    [ -n "$out" ] && printf '%s\n' "$out" >&2
    line_failed "$d" "$n" "failed (exit $rc): ${'$'}{args[0]}"
  fi
}

# nftin DEV LINE_NO -c,-a|- LINE...: nft -f - reading a here-document's lines.
nftin() {
  local d=$1 n=$2 out rc args=(nft)
  [[ ,$3, == *,-c,* ]] && args+=(-c)
  [[ ,$3, == *,-a,* ]] && args+=(-a)
  shift 3
  out=$(printf '%s\n' "$@" | nsx "$d" "${'$'}{args[@]}" -f - 2>&1)
  rc=$?
  if ((rc != 0)); then
    [ -n "$out" ] && printf '%s\n' "$out" >&2
    line_failed "$d" "$n" "failed (exit $rc): nft -f -"
  fi
}

# service DEV LINE_NO COMMAND: a background service (a config line ending in &).
service() {
  local log="$STATE/$1.$2.log" pid
  nsx "$1" bash -c "$3" </dev/null >"$log" 2>&1 &
  pid=$!
  echo "$pid $1 $2" >> "$STATE/pids"
}

# Wait (bounded) until every background service listens on a socket.
# descendants PID: the process and every process under it.
descendants() {
  local p
  echo "$1"
  for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do descendants "$p"; done
}

wait_services() {
  [ -f "$STATE/pids" ] || return 0
  local pid d n i ns re ok
  while read -r pid d n; do
    ok=0
    for ((i = 0; i < LISTEN_TIMEOUT * 20; i++)); do
      if ! kill -0 "$pid" 2>/dev/null; then
        cat "$STATE/$d.$n.log" >&2 2>/dev/null
        line_failed "$d" "$n" "failed: the background service exited"
        continue 2
      fi
      re="pid=($(descendants "$pid" | tr -s ' \n' '||' | sed 's/|$//')),"
      # A service may open several sockets (dnsmasq: TCP, then UDP): give the rest a moment.
      # It may listen in one of the device's own namespaces (ip netns exec ns1 nc -l 80 &).
      while IFS= read -r ns; do
        command ip netns exec "$ns" ss -Hltunp </dev/null 2>/dev/null | grep -qE "$re" && ok=1
      done < <(printf '%s\n' "$PREFIX$d"; inner_namespaces "$PREFIX$d")
      if ((ok)); then sleep 0.2; break; fi
      sleep 0.05
    done
    ((ok)) || say "warning: $d: config line $n: not listening after ${'$'}{LISTEN_TIMEOUT}s"
  done < "$STATE/pids"
}

# rmns NS: stop the processes in a namespace, delete it and its /etc/netns copy.
rmns() {
  local ns=$1 i pids
  if ns_exists "$ns" || [ -e "/run/netns/$ns" ]; then
    pids=$(command ip netns pids "$ns" 2>/dev/null)
    if [ -n "$pids" ]; then
      kill $pids 2>/dev/null
      for ((i = 0; i < 40; i++)); do
        pids=$(command ip netns pids "$ns" 2>/dev/null); [ -z "$pids" ] && break; sleep 0.05
      done
      [ -n "$pids" ] && kill -9 $pids 2>/dev/null
    fi
    command ip netns del "$ns" || say "cannot delete namespace $ns"
  fi
  [ -d "/etc/netns/$ns" ] && rm -rf -- "/etc/netns/$ns"
  return 0
}

# The namespaces a device's config or flows made (ip netns add NAME: "<its namespace>.NAME").
inner_namespaces() {
  local ns=$1 f
  for f in "/run/netns/$ns".*; do [ -e "$f" ] && printf '%s\n' "${'$'}{f#/run/netns/}"; done
  return 0
}

# Remove everything up made (and nothing else): its processes, namespaces (the devices' own
# ones first), /etc/netns dirs, state.
teardown() {
  local pid d n ns inner
  if [ -f "$STATE/pids" ]; then
    while read -r pid d n; do
      [ "$(command ip netns identify "$pid" 2>/dev/null)" = "$PREFIX$d" ] && kill "$pid" 2>/dev/null
    done < "$STATE/pids"
  fi
  for ns in "${'$'}{NAMESPACES[@]}"; do
    while IFS= read -r inner; do rmns "$inner"; done < <(inner_namespaces "$ns")
  done
  for ns in "${'$'}{NAMESPACES[@]}"; do rmns "$ns"; done
  if [ -f "$STATE/created-etc-netns" ]; then rmdir /etc/netns 2>/dev/null; fi
  rm -rf -- "$STATE"
  rmdir /run/hairpin-lab 2>/dev/null
  return 0
}

up() {
  check_env up
  local ns
  for ns in "${'$'}{NAMESPACES[@]}"; do
    ns_exists "$ns" && die "namespace $ns already exists: is the lab already up? (bash $SELF down removes it)"
    [ -n "$(inner_namespaces "$ns")" ] && die "namespaces $ns.* already exist (bash $SELF down removes them)"
    [ -e "/etc/netns/$ns" ] && die "/etc/netns/$ns already exists (bash $SELF down removes it)"
  done
  [ -e "$STATE" ] && die "$STATE already exists (bash $SELF down removes it)"
  BUILDING=1
  trap 'fail "interrupted"' INT TERM HUP
  mkdir -p "$STATE" || fail "cannot create $STATE"
  [ -d /etc/netns ] || { mkdir -p /etc/netns && touch "$STATE/created-etc-netns"; }
  build
  BUILDING=0
  trap - INT TERM HUP
  say "up: ${'$'}{NAMESPACES[*]}"
}

down() {
  check_env down
  local ns any=0
  for ns in "${'$'}{NAMESPACES[@]}"; do
    { ns_exists "$ns" || [ -e "/etc/netns/$ns" ] || [ -n "$(inner_namespaces "$ns")" ]; } && any=1
  done
  [ -e "$STATE" ] && any=1
  teardown
  ((any)) && say "down: removed ${'$'}{NAMESPACES[*]}" || say "down: nothing to remove"
}

# exec DEVICE COMMAND: run a flow's command with bash on a device, as the simulator runs it
# (its own namespaces named as it names them). This shell stays in the lab's mount namespace
# while it runs: ip netns add in the command names the namespace from here (HP_ANCHOR).
run_on() {
  local d=$1 known=0 x
  for x in "${'$'}{DEVICES[@]}"; do [ "$x" = "$d" ] && known=1; done
  ((known)) || die "no device ${'$'}{d@Q} in this lab (devices: ${'$'}{DEVICES[*]})"
  ns_exists "$PREFIX$d" || die "namespace $PREFIX$d does not exist: is the lab up? (sudo bash $SELF up)"
  nsx "$d" bash -c "$2"
}

main() {
  # The lab's own mount namespace, where ip netns add names a device's namespaces (see ip()).
  HP_ANCHOR=/proc/$$/ns/mnt
  # Where modprobe_lab marks a device that loaded br_netfilter (brnf.<its namespace>).
  HP_STATE=$STATE
  export HP_ANCHOR HP_STATE
  case "${'$'}{1:-}" in
    up) up ;;
    down) down ;;
    exec) (($# == 3)) || { echo "usage: bash $SELF exec DEVICE COMMAND" >&2; exit 64; }; check_env exec; run_on "$2" "$3" ;;
    *) echo "usage: bash $SELF up|down|exec DEVICE COMMAND" >&2; exit 64 ;;
  esac
}
`;

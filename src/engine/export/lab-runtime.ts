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
nsx() { local d=$1; shift; ip netns exec "$PREFIX$d" "$@"; }

# Kernel defaults (include/linux/inetdevice.h, net/ipv4/devinet.c): set for conf/all and conf/default.
CONF_DEFAULTS=(rp_filter=0 arp_ignore=0 arp_announce=0 arp_filter=0 arp_accept=0 arp_notify=0
  proxy_arp=0 proxy_arp_pvlan=0 route_localnet=0 send_redirects=1 accept_redirects=1
  secure_redirects=1 shared_media=1 accept_local=0 log_martians=0 promote_secondaries=0
  bootp_relay=0 src_valid_mark=0 ignore_routes_with_linkdown=0 drop_gratuitous_arp=0
  drop_unicast_in_l2_multicast=0 bc_forwarding=0 arp_evict_nocarrier=1)

mkns() {
  local ns=$1 kv keys=()
  ip netns add "$ns" || fail "cannot create namespace $ns"
  keys=(net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_forward=0)
  for kv in "${'$'}{CONF_DEFAULTS[@]}"; do keys+=("net.ipv4.conf.all.$kv" "net.ipv4.conf.default.$kv"); done
  keys+=(net.ipv4.conf.default.accept_source_route=1 net.ipv4.conf.all.accept_source_route=0)
  # A switch is a plain bridge: bridged frames do not go through iptables (br_netfilter).
  keys+=(net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=0 net.bridge.bridge-nf-call-ip6tables=0)
  ip netns exec "$ns" bash -c '
    for kv in "$@"; do
      k=${'$'}{kv%%=*}; f=/proc/sys/${'$'}{k//.//}
      if [ ! -e "$f" ]; then
        case $k in net.ipv6.*|net.bridge.*|*.arp_evict_nocarrier|*.drop_unicast_in_l2_multicast) continue ;; esac
        echo "no sysctl $k" >&2; exit 1
      fi
      echo "${'$'}{kv#*=}" > "$f" || { echo "cannot set $k" >&2; exit 1; }
    done' sysctl "${'$'}{keys[@]}" || fail "cannot set the kernel defaults in $ns"
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

# cfg DEV LINE_NO LINE: run one config line with bash in the device's namespace.
cfg() {
  local out rc
  out=$(nsx "$1" bash -c "$3" </dev/null 2>&1)
  rc=$?
  if ((rc != 0)); then
    [ -n "$out" ] && printf '%s\n' "$out" >&2
    fail "$1: config line $2 failed (exit $rc): $3"
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
# iptables/rules.v4: the simulator allows no other), written to the namespace's own /etc/netns/NS.
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
    fail "$d: config line $n failed (exit $rc): ${'$'}{args[0]}"
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
wait_services() {
  [ -f "$STATE/pids" ] || return 0
  local pid d n i pids re ok
  while read -r pid d n; do
    ok=0
    for ((i = 0; i < LISTEN_TIMEOUT * 20; i++)); do
      if ! kill -0 "$pid" 2>/dev/null; then
        cat "$STATE/$d.$n.log" >&2 2>/dev/null
        fail "$d: config line $n: the background service exited"
      fi
      pids="$pid $(ps -o pid= --ppid "$pid" 2>/dev/null | tr -s ' \n' '  ')"
      re="pid=($(echo $pids | tr ' ' '|')),"
      # A service may open several sockets (dnsmasq: TCP, then UDP): give the rest a moment.
      if nsx "$d" ss -Hltunp </dev/null 2>/dev/null | grep -qE "$re"; then ok=1; sleep 0.2; break; fi
      sleep 0.05
    done
    ((ok)) || say "warning: $d: config line $n: not listening after ${'$'}{LISTEN_TIMEOUT}s"
  done < "$STATE/pids"
}

# Remove everything up made (and nothing else): its processes, namespaces, /etc/netns dirs, state.
teardown() {
  local pid d n ns i pids
  if [ -f "$STATE/pids" ]; then
    while read -r pid d n; do
      [ "$(ip netns identify "$pid" 2>/dev/null)" = "$PREFIX$d" ] && kill "$pid" 2>/dev/null
    done < "$STATE/pids"
  fi
  for ns in "${'$'}{NAMESPACES[@]}"; do
    if ns_exists "$ns"; then
      pids=$(ip netns pids "$ns" 2>/dev/null)
      if [ -n "$pids" ]; then
        kill $pids 2>/dev/null
        for ((i = 0; i < 40; i++)); do
          pids=$(ip netns pids "$ns" 2>/dev/null); [ -z "$pids" ] && break; sleep 0.05
        done
        [ -n "$pids" ] && kill -9 $pids 2>/dev/null
      fi
      ip netns del "$ns" || say "cannot delete namespace $ns"
    fi
    [ -d "/etc/netns/$ns" ] && rm -rf -- "/etc/netns/$ns"
  done
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
    { ns_exists "$ns" || [ -e "/etc/netns/$ns" ]; } && any=1
  done
  [ -e "$STATE" ] && any=1
  teardown
  ((any)) && say "down: removed ${'$'}{NAMESPACES[*]}" || say "down: nothing to remove"
}

main() {
  case "${'$'}{1:-}" in
    up) up ;;
    down) down ;;
    *) echo "usage: bash $SELF up|down" >&2; exit 64 ;;
  esac
}
`;

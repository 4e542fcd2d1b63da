/**
 * `hairpin snapshot`: a POSIX shell script a user runs on a real Linux machine. It reads (never
 * writes) that machine's network configuration and prints it as a format 2 scenario with one
 * device, whose config lines rebuild the machine in Hairpin.
 *
 * It decides as the paste importer (src/engine/import/) does: what the kernel makes (proto kernel
 * routes, the local table, the three default rules, lo's 127.0.0.1/8) is left to the kernel,
 * iptables-save and nft output go back whole as here-documents, sysctls only where they differ
 * from the kernel's defaults. It needs sh, awk and ip (iptables-save, ip6tables-save, ipset, nfacct and nft when present), runs
 * in dash and busybox sh, and reads /sys, /proc and /etc only.
 */
import { CONF_DEFAULTS, GLOBAL_DEFAULTS, NEIGH_DEFAULTS } from '../kernel/sysctl';
import { MAX_DEVICE_ID_LENGTH, MAX_PORT_NAME_LENGTH } from '../scenario/limits';

/** The net.ipv4 globals the engine models (IPVS ones exist only with ip_vs loaded: read when present). */
const GLOBALS = Object.entries(GLOBAL_DEFAULTS).filter(([k]) => k.startsWith('net.ipv4.'));
/** A device's conf table starts as conf/default, whose accept_source_route is 1 (ipv4_devconf_dflt). */
const DEVICE_CONF = { ...CONF_DEFAULTS, accept_source_route: 1 };

const path = (key: string) => `/proc/sys/${key.replace(/\./g, '/')}`;

/**
 * The shell part: runs the read-only commands, each output after a `@@hairpin SECTION` line,
 * into the awk program. Kept free of `${`, backticks and single quotes inside the awk text.
 */
export function collector(): string {
  const globals = GLOBALS.map(([k]) => `${k}:${path(k)}`).join(' ');
  return String.raw`section() { echo "@@hairpin $1"; }
has() { command -v "$1" >/dev/null 2>&1; }
show() { [ -r "$1" ] && sed -n p "$1"; }
{
  section host; uname -n
  # Without ip -d (busybox), the kernel's DEVTYPE tells bridges, VLANs and bonds from ports.
  section kinds
  for d in /sys/class/net/*; do
    t=$(sed -n 's/^DEVTYPE=//p' "$d/uevent" 2>/dev/null)
    [ -z "$t" ] || echo "$(echo "$d" | sed 's,.*/,,') $t"
  done
  section link; ip -d -o link show 2>/dev/null || ip -o link show
  section addr; ip -4 -o addr show
  section sysctl
  for kv in ${globals}; do
    v=$(sed -n 1p "/$(echo "$kv" | sed 's,^[^:]*:/,,')" 2>/dev/null) && echo "$(echo "$kv" | sed 's,:.*,,') $v"
  done
  for d in /proc/sys/net/ipv4/conf/*; do
    dev=$(echo "$d" | sed 's,.*/,,')
    for k in ${Object.keys(CONF_DEFAULTS).join(' ')}; do
      v=$(sed -n 1p "$d/$k" 2>/dev/null) && echo "net.ipv4.conf.$dev.$k $v"
    done
  done
  for d in /proc/sys/net/ipv4/neigh/*; do
    dev=$(echo "$d" | sed 's,.*/,,')
    for k in ${Object.keys(NEIGH_DEFAULTS).join(' ')}; do
      v=$(sed -n 1p "$d/$k" 2>/dev/null) && echo "net.ipv4.neigh.$dev.$k $v"
    done
  done
  section tables
  show /etc/iproute2/rt_tables
  for f in /etc/iproute2/rt_tables.d/*.conf; do show "$f"; done
  section rule; ip -4 rule show
  # No "proto kernel" from busybox: the awk then tells the kernel's routes by their shape.
  case "$(ip -V 2>&1)" in *iproute2*) section route ;; *) section route-noproto ;; esac
  ip -4 route show table all
  section neigh; ip -4 neigh show nud permanent
  if has iptables-save; then
    section iptables
    iptables-save 2>/dev/null || echo "snapshot: iptables-save failed (run as root for the firewall)" >&2
  fi
  if has ip6tables-save; then
    section ip6tables
    ip6tables-save 2>/dev/null || echo "snapshot: ip6tables-save failed (run as root for the firewall)" >&2
  fi
  # Sets and accounting objects the rules name must exist before the rules are restored.
  if has ipset; then
    section ipset
    ipset save 2>/dev/null || echo "snapshot: ipset save failed (run as root for the sets)" >&2
  fi
  if has nfacct; then
    section nfacct
    nfacct list 2>/dev/null || echo "snapshot: nfacct list failed (run as root for the accounting objects)" >&2
  fi
  if has nft; then
    section nft
    nft list ruleset 2>/dev/null || echo "snapshot: nft list ruleset failed (run as root for the firewall)" >&2
  fi
  section hosts; show /etc/hosts
  section resolv; show /etc/resolv.conf
} | awk '`;
}

/**
 * The awk part: turns the sections into the scenario's JSON. No output but stdout and
 * /dev/stderr (notes on what was left out); strings built in BEGIN, never printed to a file.
 */
export function converter(): string {
  const confDefaults = Object.entries(DEVICE_CONF).map(([k, v]) => `dflt["${k}"] = ${v}; allv["${k}"] = ${CONF_DEFAULTS[k as keyof typeof CONF_DEFAULTS]}`).join('\n  ');
  const neighDefaults = Object.entries(NEIGH_DEFAULTS).map(([k, v]) => `ndflt["${k}"] = ${v}`).join('\n  ');
  const globalDefaults = GLOBALS.map(([k, v]) => `gdflt["${k}"] = ${v}`).join('\n  ');
  return String.raw`
BEGIN {
  for (i = 1; i < 32; i++) { c = sprintf("%c", i); ctl[c] = sprintf("\\u%04x", i); ctlchars = ctlchars c }
  ctl["\t"] = "\\t"; ctl["\n"] = "\\n"; ctl["\r"] = "\\r"
  q = sprintf("%c", 39)
  ${confDefaults}
  ${neighDefaults}
  ${globalDefaults}
  ROUTE_STATE = " linkdown dead offload trap rt_offload rt_trap rt_offload_failed notify pervasive unresolved "
  MADE = " bridge dummy vlan "
  KINDS = " bridge veth vlan dummy vxlan macvlan macvtap ipvlan ipip gre gretap sit bond team wireguard tun vrf geneve ifb openvswitch xfrm vti "
  XT_TABLES = " filter nat mangle raw security broute "
  CAT_HOSTS = "cat > /etc/hosts"; CAT_RESOLV = "cat > /etc/resolv.conf"; CAT_TABLES = "cat >> /etc/iproute2/rt_tables"
  NSTAGES = split("link addr sysctl tables rule route neigh sets firewall files", STAGES, " ")
}
function note(s) { print "snapshot: " s > "/dev/stderr" }
function esc(s,   out, i, c) {
  if (index(s, "\\") == 0 && index(s, "\"") == 0 && s !~ ("[" ctlchars "]")) return s
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "\\" || c == "\"") out = out "\\" c
    else if (c in ctl) out = out ctl[c]
    else out = out c
  }
  return out
}
function add(stage, text) { n[stage]++; lines[stage, n[stage]] = text }
function trimEnd(s) { sub(/[ \t\r]+$/, "", s); return s }
function heredoc(stage, cmd, body, count,   end, i, k, clash) {
  if (!count) return
  end = "EOF"
  for (k = 1; ; k++) {
    clash = 0
    for (i = 1; i <= count; i++) { t = body[i]; gsub(/^[ \t]+|[ \t]+$/, "", t); if (t == end) clash = 1 }
    if (!clash) break
    end = "EOF" k
  }
  add(stage, cmd " <<" q end q)
  for (i = 1; i <= count; i++) add(stage, body[i])
  add(stage, end)
}
function usable(dev) { return dev == "lo" || (dev in port) || (dev in made) }
function portName(s) { return s ~ /^[a-z][a-z0-9_]*$/ && length(s) <= ${MAX_PORT_NAME_LENGTH} && s != "all" && s != "default" }
function hexmac(s) { return s ~ /^[0-9a-fA-F][0-9a-fA-F](:[0-9a-fA-F][0-9a-fA-F])(:[0-9a-fA-F][0-9a-fA-F])(:[0-9a-fA-F][0-9a-fA-F])(:[0-9a-fA-F][0-9a-fA-F])(:[0-9a-fA-F][0-9a-fA-F])$/ }
function unicast(m,   d) { d = index("0123456789abcdef", substr(m, 2, 1)) - 1; return m != "00:00:00:00:00:00" && d % 2 == 0 }

/^@@hairpin / { sect = $2; next }

sect == "host" { host = $0; next }

sect == "kinds" { devtype[$1] = $2; next }

# ip -d -o link: "2: eth0@if5: <FLAGS> mtu 1500 ... \    link/ether MAC brd ... \    veth ..."
sect == "link" {
  name = $2; sub(/:$/, "", name); parent = ""
  if (index(name, "@")) { parent = substr(name, index(name, "@") + 1); name = substr(name, 1, index(name, "@") - 1) }
  flags = $3; mtu = ""; master = ""; type = ""; mac = ""; kind = ""; vid = ""
  for (i = 4; i <= NF; i++) {
    if ($i == "mtu") mtu = $(i + 1)
    else if ($i == "master") master = $(i + 1)
    else if ($i ~ /^link\//) { type = substr($i, 6); if (hexmac($(i + 1))) mac = tolower($(i + 1)) }
    else if ($i == "\\" && index(KINDS, " " $(i + 1) " ")) kind = $(i + 1)
    else if ($i == "id" && kind == "vlan" && vid == "") vid = $(i + 1)
  }
  if (name == "lo") next
  if (kind == "" && index(KINDS, " " devtype[name] " ")) kind = devtype[name]
  if (type != "ether") { skip[name] = 1; note(name ": device type " type " not modelled: left out"); next }
  if (kind != "" && kind != "veth") {
    if (!index(MADE, " " kind " ") || (kind == "vlan" && (vid == "" || !((parent in port) || (parent in made))))) { skip[name] = 1; note(name ": device type " kind " not modelled: left out"); next }
    if (kind == "vlan") add("link", "ip link add link " parent " name " name " type vlan id " vid)
    else { add("link", "ip link add " name " type " kind); if (mac != "") add("link", "ip link set dev " name " address " mac) }
    made[name] = 1
    if (mtu != "" && mtu != 1500) add("link", "ip link set dev " name " mtu " mtu)
    if (flags ~ /[<,]UP[,>]/) add("link", "ip link set dev " name " up")
    if (master != "") masters[name] = master
    next
  }
  if (parent != "" && parent !~ /^if[0-9]+$/ && parent != "NONE") { skip[name] = 1; note(name "@" parent ": a device stacked on " parent ": left out"); next }
  if (!portName(name)) { skip[name] = 1; note(name ": not a port name Hairpin takes ([a-z][a-z0-9_]*, at most ${MAX_PORT_NAME_LENGTH}): left out"); next }
  if (mac != "" && ((mac in macOwner) || !unicast(mac))) { note(name ": MAC " mac " is shared or not unicast: " name " gets a default MAC"); mac = "" }
  if (mac != "") macOwner[mac] = name
  port[name] = mac; portOrder[++nports] = name
  if (flags !~ /[<,]UP[,>]/) add("link", "ip link set dev " name " down")
  if (mtu != "" && mtu != 1500) add("link", "ip link set dev " name " mtu " mtu)
  if (master != "") masters[name] = master
  next
}

# ip -4 -o addr: "2: eth0    inet 10.0.0.1/24 brd 10.0.0.255 scope global secondary eth0\       valid_lft ..."
sect == "addr" {
  sub(/\\.*/, "")
  dev = $2; sub(/:$/, "", dev)
  if ($3 != "inet") next
  if (!usable(dev)) { note("address " $4 " on " dev ": left out with its interface"); next }
  local = $4; brd = ""; scope = ""; metric = ""; npr = ""; label = ""; peer = ""
  for (i = 5; i <= NF; i++) {
    if ($i == "peer") { peer = $(++i) }
    else if ($i == "brd") brd = $(++i)
    else if ($i == "scope") scope = $(++i)
    else if ($i == "metric") metric = $(++i)
    else if ($i == "noprefixroute") npr = 1
    else if (i == NF && $i !~ /^(secondary|primary|tentative|deprecated|dadfailed|optimistic|permanent|dynamic|stable-privacy|temporary|mngtmpaddr)$/) label = $i
  }
  if (dev == "lo" && local == "127.0.0.1/8") next
  s = "ip addr add " (peer != "" ? local " peer " peer : local)
  if (brd != "") s = s " brd " brd
  if (scope != "" && scope != "global") s = s " scope " scope
  if (metric != "") s = s " metric " metric
  if (npr) { s = s " noprefixroute"; a = local; sub(/\/.*/, "", a); noprefix[a] = 1 }
  else if (peer == "" && index(local, "/")) { a = local; len = substr(a, index(a, "/") + 1); sub(/\/.*/, "", a); if (len < 32) subnet[network(a, len) "/" len, dev, a] = 1 }
  s = s " dev " dev
  if (label != "" && label != dev) s = s " label " label
  add("addr", s)
  next
}

sect == "sysctl" { sysctl[$1] = $2; sysorder[++nsys] = $1; next }

sect == "tables" {
  t = $0; sub(/^[ \t]+/, "", t)
  if (t == "" || substr(t, 1, 1) == "#") next
  split(t, w, /[ \t]+/)
  if (w[1] !~ /^(0x[0-9a-fA-F]+|[0-9]+)$/) next
  num = w[1] + 0
  if ((num == 255 && w[2] == "local") || (num == 254 && w[2] == "main") || (num == 253 && w[2] == "default") || (num == 0 && w[2] == "unspec")) next
  tables[++ntables] = w[1] "\t" w[2]
  next
}

# "1000:	from all fwmark 0x1 lookup 100"
sect == "rule" {
  pref = $1; sub(/:$/, "", pref)
  body = $0; sub(/^[^:]*:[ \t]+/, "", body); gsub(/ \[detached\]| unresolved/, "", body); sub(/ proto kernel$/, "", body); sub(/[ \t]+$/, "", body)
  if ((pref == 0 && body == "from all lookup local") || (pref == 32766 && body == "from all lookup main") || (pref == 32767 && body == "from all lookup default")) next
  sub(/^from all( |$)/, "", body); sub(/^not from all( |$)/, "not ", body)
  for (i = 1; i < NF; i++) if (($i == "iif" || $i == "oif") && !usable($(i + 1))) { note("rule " pref ": " $i " " $(i + 1) " is left out, so is the rule"); next }
  add("rule", "ip rule add pref " pref (body != "" ? " " body : ""))
  next
}

sect == "route" || sect == "route-noproto" {
  if (sect == "route-noproto") noproto = 1
  if ($1 == "nexthop" && nroutes) { routes[nroutes] = routes[nroutes] " " trimEnd($0); sub(/^[ \t]+/, " ", routes[nroutes]); next }
  if ($1 == "cache") next
  routes[++nroutes] = trimEnd($0)
  next
}

# "10.0.0.5 dev eth0 lladdr 02:00:00:00:00:05 PERMANENT"
sect == "neigh" {
  dev = ""; ll = ""; router = ""
  for (i = 2; i < NF; i++) { if ($i == "dev") dev = $(i + 1); if ($i == "lladdr") ll = tolower($(i + 1)) }
  for (i = 2; i <= NF; i++) if ($i == "router") router = " router"
  if ($NF != "PERMANENT" || ll == "") next
  if (!usable(dev)) { note("neighbour " $1 " on " dev ": left out with its interface"); next }
  add("neigh", "ip neigh replace " $1 " lladdr " ll " dev " dev router " nud permanent")
  next
}

sect == "iptables" { if ($0 !~ /^[ \t\r]*$/) { ipt[++nipt] = trimEnd($0); if ($0 ~ /^\*/) xt[substr($1, 2)] = 1; if ($0 ~ /nf_tables/) xtnft = 1 } next }
sect == "ip6tables" { if ($0 !~ /^[ \t\r]*$/) { ip6t[++nip6t] = trimEnd($0); if ($0 ~ /nf_tables/) xtnft = 1 } next }
sect == "ipset" { if ($0 !~ /^[ \t\r]*$/) sets[++nsets] = trimEnd($0); next }
# "{ pkts = 00000000000000000000, bytes = 00000000000000000000 } = NAME;"
sect == "nfacct" {
  if (!match($0, /\} = .*;[ \t\r]*$/)) next
  name = trimEnd(substr($0, RSTART + 4)); sub(/;$/, "", name)
  if (index(name, q)) note("nfacct object " name ": left out, its name holds a quote")
  else add("sets", "nfacct add " q name q)
}
sect == "nft" { if ($0 !~ /^[ \t\r]*$/) nftl[++nnft] = trimEnd($0); next }
sect == "hosts" { if ($0 !~ /^[ \t\r]*$/) hosts[++nhosts] = trimEnd($0); next }
sect == "resolv" { if ($0 !~ /^[ \t\r]*$/) resolv[++nresolv] = trimEnd($0); next }

# The network of a/len, without ^: busybox awk may be built without its math library.
function network(a, len,   o, v, size, i) {
  split(a, o, "."); v = ((o[1] * 256 + o[2]) * 256 + o[3]) * 256 + o[4]
  size = 1; for (i = len; i < 32; i++) size *= 2
  v = int(v / size) * size
  return int(v / 16777216) "." (int(v / 65536) - int(v / 16777216) * 256) "." (int(v / 256) - int(v / 65536) * 256) "." (v - int(v / 256) * 256)
}
function route(text,   w, nw, i, out, table, proto, src, dev, type, dst) {
  nw = split(text, w, /[ \t]+/)
  i = 1; type = ""
  if (w[1] ~ /^(unicast|local|broadcast|multicast|throw|unreachable|prohibit|blackhole|nat|anycast)$/) type = w[i++]
  dst = w[i++]
  out = (type != "" && type != "unicast") ? type " " dst : dst
  table = ""; proto = ""; src = ""
  for (; i <= nw; i++) {
    if (w[i] == "") continue
    if (index(ROUTE_STATE, " " w[i] " ")) continue
    if (w[i] == "pref" || w[i] == "expires") { i++; continue }
    if (w[i] == "table") table = w[i + 1]
    if (w[i] == "proto") proto = w[i + 1]
    if (w[i] == "src") src = w[i + 1]
    if (w[i] == "dev") { dev = w[i + 1]; if (!usable(dev)) { note("route " text ": left out with " dev); return } }
    out = out " " w[i]
  }
  if (noproto && proto == "") {
    if ((table == "local" || table == "255") && (type == "local" || type == "broadcast")) return
    if (table == "" && type == "" && ((dst SUBSEP dev SUBSEP src) in subnet)) return
  }
  if (table == "local" || table == "255") { if (proto == "kernel") return }
  else if (proto == "kernel" && !(src in noprefix)) return
  return "ip route add " out
}

END {
  id = tolower(host); sub(/\..*/, "", id); gsub(/[^a-z0-9_]/, "_", id)
  if (id !~ /^[a-z]/) id = "h" id
  id = substr(id, 1, ${MAX_DEVICE_ID_LENGTH})
  for (name in masters) if (masters[name] in made) add("link", "ip link set dev " name " master " masters[name])
    else note(name ": its master " masters[name] " is left out, so it joins none")

  # Globals first: ip_forward rewrites every interface forwarding, so those come after it.
  fwd = sysctl["net.ipv4.ip_forward"] + 0
  for (i = 1; i <= nsys; i++) {
    key = sysorder[i]; v = sysctl[key]
    if (key in gdflt) { if (v != gdflt[key]) add("sysctl", "sysctl -w " key "=" v) }
  }
  for (pass = 1; pass <= 3; pass++) for (i = 1; i <= nsys; i++) {
    key = sysorder[i]; v = sysctl[key]
    if (split(key, k, ".") != 5) continue
    dev = k[4]; name = k[5]
    if ((pass == 1) != (dev == "all") || (pass == 2) != (dev == "default")) continue
    if (dev != "all" && dev != "default" && !usable(dev)) continue
    # Forwarding on also turns conf/all/accept_redirects off (inet_forward_change).
    if (k[3] == "conf") want = name == "forwarding" ? fwd : dev != "all" ? dflt[name] : name == "accept_redirects" ? 1 - (fwd != 0) : allv[name]
    else if (k[3] == "neigh" && dev != "default") want = ndflt[name]
    else continue
    if (v != want) add("sysctl", "sysctl -w " key "=" v)
  }
  if (ntables) heredoc("tables", CAT_TABLES, tables, ntables)

  # A gateway must be reachable when its route is added: routes without "via" first.
  for (pass = 1; pass <= 2; pass++) for (i = 1; i <= nroutes; i++) {
    if ((routes[i] ~ / via /) != (pass == 2)) continue
    r = route(routes[i]); if (r != "") add("route", r)
  }
  if (nsets) heredoc("sets", "ipset restore", sets, nsets)
  if (nipt) heredoc("firewall", "iptables-restore", ipt, nipt)
  if (nip6t) heredoc("firewall", "ip6tables-restore", ip6t, nip6t)
  if (nnft) {
    # iptables-nft keeps its rules in nft tables too: those came in through iptables-save.
    m = 0; drop = 0
    for (i = 1; i <= nnft; i++) {
      if (nftl[i] ~ /^table /) { split(nftl[i], w, " "); drop = xtnft && w[2] ~ /^(ip|ip6|arp|bridge)$/ && index(XT_TABLES, " " w[3] " ") }
      # Newer nft says which tables iptables-nft owns in a comment line of its own.
      if (!drop && !(xtnft && nftl[i] ~ /^# Warning: table .* is managed by iptables-nft/)) kept[++m] = nftl[i]
      if (nftl[i] == "}") { if (drop) note("nft table " w[2] " " w[3] ": made by iptables-nft, taken from iptables-save"); drop = 0 }
    }
    heredoc("firewall", "nft -f -", kept, m)
  }
  heredoc("files", CAT_HOSTS, hosts, nhosts)
  heredoc("files", CAT_RESOLV, resolv, nresolv)

  printf "{\n  \"hairpin\": 2,\n  \"title\": \"Snapshot of %s\",\n  \"devices\": {\n    \"%s\": {\n      \"kind\": \"host\",\n      \"ports\": {", esc(host), id
  for (i = 1; i <= nports; i++) printf "%s\n        \"%s\": %s", (i > 1 ? "," : ""), portOrder[i], (port[portOrder[i]] == "" ? "null" : "\"" port[portOrder[i]] "\"")
  printf "%s},\n      \"config\": [", (nports ? "\n      " : "")
  first = 1
  for (s = 1; s <= NSTAGES; s++) for (i = 1; i <= n[STAGES[s]]; i++) {
    printf "%s\n        \"%s\"", (first ? "" : ","), esc(lines[STAGES[s], i]); first = 0
  }
  printf "%s]\n    }\n  },\n  \"links\": [],\n  \"flows\": []\n}\n", (first ? "" : "\n      ")
}
`;
}

/** The script `hairpin snapshot` prints. */
export function snapshotScript(): string {
  return `#!/bin/sh
# Hairpin snapshot: prints this machine's network configuration as a Hairpin scenario (JSON).
#   sh hairpin-snapshot.sh > box.json   (as root, so that the firewall can be read)
# It only reads: ip, awk and sed (iptables-save, ip6tables-save, ipset, nfacct and nft when
# installed), /sys, /proc and /etc.
# It writes nothing and uses no network; what it leaves out is said on stderr.
LC_ALL=C
export LC_ALL
PATH="$PATH:/sbin:/usr/sbin"
${collector()}${converter()}'
`;
}

#!/usr/bin/env bash
# Real BGP speakers against rscert-rsd: BIRD 2 (AS 65001) and GoBGP (AS
# 65002) as NVAs on loopback, each peered with both instances (multihop).
# Both announce 10.60.0.0/16 with equal AS path length (ECMP), 10.62.0.0/16
# with GoBGP's path prepended (only BIRD's next hop), and one route of their
# own each (reflection). Asserts through rsctl, birdc and the gobgp CLI.
# usage: realpeer.sh RSCERT_RSD RSCTL RSD_ITEST   exit 77 when a daemon is missing
set -euo pipefail

RSD=$1
RSCTL=$2
ITEST=$3
command -v bird >/dev/null && command -v birdc >/dev/null || { echo "no bird"; exit 77; }
command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "no gobgpd"; exit 77; }

B=120 # every address in 127.120.0.0/16
I0=127.$B.0.4 I1=127.$B.0.5 BIRD_IP=127.$B.1.1 GOBGP_IP=127.$B.1.2
T=$(mktemp -d /tmp/rsd-realpeer-XXXXXX)
pids=()
cleanup() {
	local rc=$?
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$p" 2>/dev/null || true
	done
	if [ $rc -ne 0 ]; then
		echo "---- rsd log ----"; cat "$T/rs.log" 2>/dev/null | tail -40 || true
		echo "---- gobgpd ----"; tail -20 "$T/gobgpd.out" 2>/dev/null || true
		echo "---- bird ----"; tail -20 "$T/bird.out" 2>/dev/null || true
	fi
	[ -n "${TD_KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
	exit $rc
}
trap cleanup EXIT INT TERM

free_port() { "$ITEST" freeport "$1"; }
PORT=$(free_port $I0)
API=$(free_port 127.0.0.1)

# wait_for SECONDS CMD...: re-run CMD until it succeeds or the deadline passes
wait_for() {
	local end=$((SECONDS + $1)); shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}
fail() { echo "FAIL: $*"; exit 1; }

cat >"$T/rs.conf" <<CONF
asn 65515
profile faq-2021-02
subnet 10.0.255.0/27
instance 0 10.0.255.4 listen $I0
instance 1 10.0.255.5 listen $I1
port $PORT
vnet 10.0.0.0/16
peer bird $BIRD_IP asn 65001
peer gobgp $GOBGP_IP asn 65002
timers keepalive 60 hold 180 connect-retry 1
time-scale 1
control $T/rs.sock
log $T/rs.log
CONF
"$RSD" -c "$T/rs.conf" --foreground >"$T/rsd.out" 2>&1 &
pids+=($!)
rsctl() { "$RSCTL" --socket "$T/rs.sock" "$@"; }
wait_for 10 rsctl metrics || fail "rscert-rsd did not start"

cat >"$T/bird.conf" <<CONF
router id $BIRD_IP;
protocol device { }
protocol static st {
	ipv4;
	route 10.60.0.0/16 blackhole;
	route 10.61.0.0/16 blackhole;
	route 10.62.0.0/16 blackhole;
	route 10.0.255.0/27 blackhole;
}
template bgp tplrs {
	local $BIRD_IP port $PORT as 65001;
	strict bind yes;
	multihop;
	hold time 9; keepalive time 3;
	connect retry time 1; connect delay time 1; error wait time 1, 5;
	ipv4 { import all; export where proto = "st" && net != 10.0.255.0/27; };
}
protocol bgp rs0 from tplrs { neighbor $I0 port $PORT as 65515; }
protocol bgp rs1 from tplrs { neighbor $I1 port $PORT as 65515; }
CONF
bird -c "$T/bird.conf" -s "$T/bird.ctl" -f >"$T/bird.out" 2>&1 &
pids+=($!)
wait_for 10 birdc -s "$T/bird.ctl" show status || fail "bird did not start"

cat >"$T/gobgp.toml" <<CONF
[global.config]
  as = 65002
  router-id = "$GOBGP_IP"
  port = $PORT
  local-address-list = ["$GOBGP_IP"]
CONF
for n in $I0 $I1; do cat >>"$T/gobgp.toml" <<CONF
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$n"
    peer-as = 65515
  [neighbors.transport.config]
    local-address = "$GOBGP_IP"
    remote-port = $PORT
  [neighbors.ebgp-multihop.config]
    enabled = true
    multihop-ttl = 16
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 9
    keepalive-interval = 3
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
CONF
done
gobgpd -f "$T/gobgp.toml" -t toml --api-hosts 127.0.0.1:$API --pprof-disable -l warn \
	>"$T/gobgpd.out" 2>&1 &
pids+=($!)
gobgp() { command gobgp -p "$API" "$@"; }
wait_for 10 gobgp global || fail "gobgpd did not start"
gobgp global rib add -a ipv4 10.60.0.0/16 nexthop $GOBGP_IP
gobgp global rib add -a ipv4 10.62.0.0/16 nexthop $GOBGP_IP aspath 65002,65002
gobgp global rib add -a ipv4 10.63.0.0/16 nexthop $GOBGP_IP

# four sessions up
all_up() { [ "$(rsctl sessions | grep -c '"state": "Established"')" = 4 ]; }
wait_for 30 all_up || { rsctl sessions; fail "sessions not Established"; }
echo "ok: 4 sessions Established"

# learned from both on both instances
learned() { rsctl peering list-learned-routes --name "$1" | grep -c "\"network\": \"$2\"" | grep -qx 2; }
wait_for 15 learned bird 10.61.0.0/16 || fail "bird route not learned on both instances"
wait_for 15 learned gobgp 10.63.0.0/16 || fail "gobgp route not learned on both instances"
echo "ok: routes learned"

# ECMP (equal length) and shortest (prepended loses) in effective routes
ecmp() {
	rsctl effective-routes | tr -d ' \n' |
		grep -q "\"addressPrefix\":\"10.60.0.0/16\",\"nextHopIpAddress\":\[\"$BIRD_IP\",\"$GOBGP_IP\"\]"
}
shortest() {
	rsctl effective-routes | tr -d ' \n' |
		grep -q "\"addressPrefix\":\"10.62.0.0/16\",\"nextHopIpAddress\":\[\"$BIRD_IP\"\]"
}
wait_for 15 ecmp || { rsctl effective-routes; fail "10.60.0.0/16 not ECMP over both"; }
wait_for 15 shortest || { rsctl effective-routes; fail "10.62.0.0/16 not shortest-only"; }
consistent() { rsctl effective-routes | tr -d ' \n' | grep -q '"inconsistencies":\[\]'; }
wait_for 10 consistent || { rsctl effective-routes; fail "instances disagree"; }
echo "ok: ECMP and shortest path"

# reflection: each learns the other's route with 65515 prepended
gobgp_has() { gobgp global rib -a ipv4 | grep "10.61.0.0/16" | grep -q "65515 65001"; }
wait_for 15 gobgp_has || { gobgp global rib -a ipv4; fail "gobgp did not learn 10.61/16 via 65515"; }
bird_has() { birdc -s "$T/bird.ctl" show route all 10.63.0.0/16 | grep -q "BGP.as_path: 65515 65002"; }
wait_for 15 bird_has || { birdc -s "$T/bird.ctl" show route all; fail "bird did not learn 10.63/16 via 65515"; }
bird_nh() { birdc -s "$T/bird.ctl" show route all 10.63.0.0/16 | grep -Eq "BGP.next_hop: 10.0.255.(4|5)"; }
wait_for 5 bird_nh || fail "next hop is not the instance address"
# never back to the source: bird must not get its own 10.61/16 back
if birdc -s "$T/bird.ctl" show route all 10.61.0.0/16 | grep -q "65515 65001"; then
	fail "bird's own route came back"
fi
echo "ok: reflected with 65515 prepended, next hop = instance"

rsctl peering list-advertised-routes --name gobgp | tr -d ' \n' |
	grep -q '"network":"10.61.0.0/16","nextHop":"10.0.255.4","asPath":"65515-65001"' ||
	fail "advertised routes listing"
echo "PASS"

#!/usr/bin/env bash
# rscert_fuzz.sh RSCERT WORKDIR MODE: the live fuzzer against the embedded
# reference route server.
#   clean  a short campaign finds nothing and says how far it got
#   flip   the reference broken by a server fault (reset-on-7606) gives
#          findings; a finding's case file passes against the unbroken
#          reference and fails against the broken one
#   resume a campaign resumed from its folder starts where the last one ended
#   usage  bad command lines are refused with exit 2, naming the option
set -u
rscert=$1 work=$2 mode=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

case $mode in
clean)
	"$rscert" fuzz --time 4 --seed 5 --out "$work/f" >"$work/log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || { cat "$work/log"; fail "exit $rc against the reference"; }
	n=$(jq_ "$work/f/findings.json" "len(d['findings'])")
	ex=$(jq_ "$work/f/findings.json" "d['exchanges']")
	[ "$n" -eq 0 ] || fail "$n findings against the reference"
	[ "$ex" -ge 50 ] || fail "only $ex exchanges in 4 s"
	grep -q "^rscert fuzz: $ex exchanges, 0 distinct findings" "$work/log" ||
		fail "the summary line does not give the exchanges" ;;
flip)
	"$rscert" fuzz --exchanges 200 --seed 2 --server-fault reset-on-7606 \
		--out "$work/f" >"$work/log" 2>&1
	rc=$?
	[ $rc -eq 1 ] || { cat "$work/log"; fail "exit $rc, not 1, with findings"; }
	n=$(jq_ "$work/f/findings.json" "len(d['findings'])")
	[ "$n" -ge 1 ] || fail "no finding against a reference that resets on RFC 7606 errors"
	c=$(jq_ "$work/f/findings.json" "d['findings'][0]['case']")
	seen=$(jq_ "$work/f/findings.json" "d['findings'][0]['seen']")
	case $seen in "session reset"*) ;; *) fail "first finding saw '$seen', not a reset" ;; esac
	dir=$work/f/$(dirname "$c")
	[ -s "$dir/replay.pcap" ] || fail "no pcap beside $c"
	"$rscert" run --cases "$dir" --out "$work/good" -q >"$work/good.log" 2>&1 ||
		{ cat "$work/good.log"; fail "$c fails against the unbroken reference"; }
	"$rscert" run --cases "$dir" --out "$work/bad" -q --server-fault reset-on-7606 \
		>"$work/bad.log" 2>&1
	rc=$?
	[ $rc -eq 1 ] || { cat "$work/bad.log"; fail "$c: exit $rc against the broken reference"; } ;;
resume)
	"$rscert" fuzz --exchanges 60 --seed 9 --out "$work/f" >/dev/null 2>&1 ||
		fail "first campaign"
	next=$(jq_ "$work/f/state.json" "d['next_exchange']")
	[ "$next" -ge 60 ] || fail "state.json next_exchange $next after 60 exchanges"
	"$rscert" fuzz --resume --exchanges 20 --out "$work/f" >"$work/log" 2>&1 ||
		{ cat "$work/log"; fail "resumed campaign"; }
	grep -q "seed 9, from exchange $next," "$work/log" || { cat "$work/log"; fail "not resumed"; }
	[ "$(jq_ "$work/f/state.json" "d['next_exchange']")" -ge $((next + 20)) ] ||
		fail "state.json did not move on" ;;
usage)
	"$rscert" fuzz --help | grep -q -- "--server-fault" || fail "--help"
	for args in "--window 0" "--window=91" "--time -1" "--framing 101" "--bogus" \
		"--server-fault reset-on-7606 --target x.profile" "--target /nonexistent.profile" \
		"--server-fault no-such-fault --time 2"; do
		# shellcheck disable=SC2086
		"$rscert" fuzz $args --out "$work/u" >"$work/log" 2>&1
		rc=$?
		[ $rc -eq 2 ] || { cat "$work/log"; fail "'$args': exit $rc, not 2"; }
		grep -q "^rscert fuzz: " "$work/log" || fail "'$args': no message"
	done ;;
*) fail "unknown mode $mode" ;;
esac
echo "ok: $mode"

#!/usr/bin/env bash
# schema_run.sh MODE RSCERT RSD SRC WORK: a real report.json (MODE report)
# or certificate.json (MODE certificate) validates against its schema in
# docs/, and copies broken on purpose do not (tests/schema/check_schema.py).
# certificate: exit 77 (skipped) without root, network namespaces or bird.
set -u
mode=$1 rscert=$2 rsd=$3 src=$4 work=$5
check="python3 $src/tests/schema/check_schema.py"
rm -rf "$work" && mkdir -p "$work"
case $mode in
report)
	# one case passes, one fails against a reference broken on purpose
	"$rscert" run --cases "$src/cases" --rsd "$rsd" --out "$work/out" -q \
		--server-fault no-prepend ARS-ADV-VNET ARS-REFLECT
	[ $? -eq 1 ] || { echo "expected exit 1"; exit 1; }
	exec $check "$src/docs/report.schema.json" "$work/out/report.json" \
		--break 'seed="5"' --break 'seed=-1' --break 'cases/0/verdict="MAYBE"' \
		--break 'rscert_commit=-' --break 'server_faults="no-prepend"' \
		--break 'cases/1/events/0/dir="sideways"' --break 'counts/PASS=-' \
		--break 'unknown_key=1' --break 'exit_status=7' --break 'argv=[1]' ;;
certificate)
	[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 77; }
	probe=rscert-probe-$$
	ip netns add "$probe" 2>/dev/null && ip netns del "$probe" ||
		{ echo "skipped: ip netns does not work"; exit 77; }
	command -v bird >/dev/null || { echo "skipped: no bird"; exit 77; }
	"$rscert" certify --rsd "$rsd" --nva bird --config "$src/examples/bird/no-routes.conf" \
		--out "$work" --window 10 --no-react >"$work/console.txt" 2>&1
	[ -f "$work/certificate.json" ] || { cat "$work/console.txt"; echo "no certificate"; exit 1; }
	exec $check "$src/docs/certificate.schema.json" "$work/certificate.json" \
		--break 'certified="no"' --break 'requirements/0/verdict="MAYBE"' \
		--break 'rscertCommit=-' --break 'nva/address="10.0.1"' --break 'requirements=[]' \
		--break 'peerAsn=-5' --break 'rscert="run"' ;;
esac
echo "usage: schema_run.sh report|certificate RSCERT RSD SRC WORK"
exit 2

# frr.profile: FRR bgpd (8.4) as the route server under test
# (targets/frr-rs-in0.conf and -in1.conf, started by scripts/target-frr).
# PICS-style: what this implementation is, which outcomes it may legitimately
# choose, which cases do not apply.
name        frr
description FRR bgpd configured as the route server (targets/frr-rs-in0.conf, -in1.conf)
instance 0 127.31.0.4 nexthop 10.0.255.4
instance 1 127.31.0.5 nexthop 10.0.255.5
port        1179
asn         65515
hold        180
time-scale  1            # bgpd's timers run at full length: hold-time cases are skipped
max-wait    6s
connect-grace 4s         # a peer held down after maximum-prefix is cleared after 1 s (scripts/target-frr)
settle      0.3s
control     none         # no control socket: server-state expectations are skipped
nva-base    127.31.1.0   # fake NVAs connect from 127.31.1.10, .11, .12, .13
nva-slots   4
nva-asn 0 65001
nva-asn 1 65002
nva-asn 2 65003
nva-asn 3 65004

# Outcomes where implementations legitimately differ.
outcome ARS-ONLY-CONFIGURED notification 6/5, closed

# Cases that do not apply.
skip ARS-LIMIT-ROUTES-RECONNECT bgpd holds a peer down after maximum-prefix (Idle, PfxCt) for the restart interval (at least 1 minute) or until cleared; scripts/target-frr clears it after 1 s so that later cases can use the slot, so whether it reconnects here depends on that script, not on bgpd

# The sender oracle (docs/ORACLE.md): the server prepends 65515 towards the
# NVAs, as the product does (plain eBGP, not RFC 7947 route-server mode).
oracle-as-path prepend

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

# Live fuzzing findings (scripts/fuzz-promote): the RFC's outcome is the case's;
# this implementation answers otherwise.
xfail RFC7606-7.5-FUZZ-00e9e39e LOCAL_PREF bad flags: treat-as-withdraw where RFC7606 7.5 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-7.2-FUZZ-af3b3704 AS_PATH bad flags: session reset 3/10 where RFC7606 7.2 expects treat-as-withdraw (found by rscert fuzz, seed 11)
xfail RFC6793-6-FUZZ-ee22b308 AS4_PATH bad length: session reset 3/1 where RFC6793 6 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-7.9-FUZZ-ffb5dda4 ORIGINATOR_ID bad length: treat-as-withdraw where RFC7606 7.9 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-7.1-FUZZ-c8f31fd9 ORIGIN bad length: session reset 3/10 where RFC7606 7.1 expects treat-as-withdraw (found by rscert fuzz, seed 11)
xfail RFC7606-7.1-FUZZ-4ba78db4 ORIGIN bad value: session reset 3/10 where RFC7606 7.1 expects treat-as-withdraw (found by rscert fuzz, seed 11)
xfail RFC7606-7.10-FUZZ-0840d0ad CLUSTER_LIST duplicate: session reset 3/1 where RFC7606 7.10 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-7.2-FUZZ-4e0f7745 AS_PATH overrun: session reset 3/5 where RFC7606 7.2 expects treat-as-withdraw (found by rscert fuzz, seed 11)
xfail RFC4271-8.2.2-FUZZ-c9f619d5 OPEN in Established: connection closed where RFC4271-8.2.2 expects session reset 5/-1 (found by rscert fuzz, seed 11)
xfail RFC7606-4-FUZZ-5cab8093 UPDATE attribute length overrun: session reset 3/5 where RFC7606-4 expects route kept (found by rscert fuzz against bird2, seed 11; FRR resets too)
xfail RFC7606-7.9-FUZZ-87fde2e3 ORIGINATOR_ID bad flags: treat-as-withdraw where RFC7606 7.9 expects route kept (found by rscert fuzz, seed 11)
xfail RFC8092-6-FUZZ-d70bb5d5 LARGE_COMMUNITY duplicate: session reset 3/1 where RFC8092 6 expects route kept (found by rscert fuzz against gobgp, seed 11; FRR resets)
xfail RFC6793-6-FUZZ-f6bd7837 AS4_PATH bad value: session reset 3/1 where RFC6793 6 expects route kept (found by rscert fuzz against gobgp, seed 12; FRR resets)

# bird.profile: BIRD 2 as the route server under test (targets/bird-rs.conf,
# started by scripts/target-bird). PICS-style: what this implementation is,
# which outcomes it may legitimately choose, which cases do not apply.
name        bird2
description BIRD 2 configured as the route server (targets/bird-rs.conf)
instance 0 127.30.0.4 nexthop 10.0.255.4
instance 1 127.30.0.5 nexthop 10.0.255.5
port        1179
asn         65515
hold        180
time-scale  1            # BIRD's timers run at full length: hold-time cases are skipped
max-wait    6s
connect-grace 4s         # BIRD waits (error wait time) before it accepts the next case
settle      0.5s         # and ignores what arrives in the first moments of a session
control     none         # no control socket: server-state expectations are skipped
nva-base    127.30.1.0   # fake NVAs connect from 127.30.1.10, .11, .12, .13
nva-slots   4
nva-asn 0 65001
nva-asn 1 65002
nva-asn 2 65003
nva-asn 3 65004

# Outcomes where implementations legitimately differ.
outcome ARS-ONLY-CONFIGURED notification 6/5, closed

# The sender oracle (docs/ORACLE.md): the server prepends 65515 towards the
# NVAs, as the product does (plain eBGP, not RFC 7947 route-server mode).
oracle-as-path prepend

# Live fuzzing findings (scripts/fuzz-promote): the RFC's outcome is the case's;
# this implementation answers otherwise.
xfail RFC7606-7.5-FUZZ-00e9e39e LOCAL_PREF bad flags: treat-as-withdraw where RFC7606 7.5 expects route kept (found by rscert fuzz, seed 11)
xfail RFC4271-6.1-FUZZ-2f656e9f KEEPALIVE with a body: treat-as-withdraw where RFC4271-6.1 expects session reset 1/2 (found by rscert fuzz, seed 11)
xfail RFC7606-5.3-FUZZ-713f75ef UPDATE NLRI longer than 32 bits: session reset 3/1 where RFC7606-5.3 expects session reset 3/10 (found by rscert fuzz, seed 11)
xfail RFC7606-4-FUZZ-5cab8093 UPDATE attribute length overrun: session reset 3/1 where RFC7606-4 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-7.9-FUZZ-87fde2e3 ORIGINATOR_ID bad flags: treat-as-withdraw where RFC7606 7.9 expects route kept (found by rscert fuzz against gobgp and frr, seed 11; BIRD answers the same)

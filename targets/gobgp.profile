# gobgp.profile: GoBGP (3.x) as the route server under test
# (targets/gobgp-rs-in0.conf and -in1.conf, started by scripts/target-gobgp).
# PICS-style: what this implementation is, which outcomes it may legitimately
# choose, which cases do not apply.
name        gobgp
description GoBGP configured as the route server (targets/gobgp-rs-in0.conf, -in1.conf)
instance 0 127.33.0.4 nexthop 10.0.255.4
instance 1 127.33.0.5 nexthop 10.0.255.5
port        1179
asn         65515
hold        180
time-scale  1            # GoBGP's timers run at full length: hold-time cases are skipped
max-wait    6s
connect-grace 2s
case-gap    5.5s         # GoBGP keeps a peer Idle for 5 s after its session ends (HoldTimeIdle,
                         # fixed) and closes the peer's connections meanwhile
settle      0.3s
control     none         # no control socket: server-state expectations are skipped
nva-base    127.33.1.0   # fake NVAs connect from 127.33.1.10, .11, .12, .13
nva-slots   4
nva-asn 0 65001
nva-asn 1 65002
nva-asn 2 65003
nva-asn 3 65004

# Outcomes where implementations legitimately differ.
outcome ARS-ONLY-CONFIGURED notification 6/5, closed

# Cases that do not apply.
skip ARS-LIMIT-ROUTES-RECONNECT GoBGP holds a peer down after its prefix limit (admin state PfxCt) until it is enabled again; scripts/target-gobgp enables it after 1 s so that later cases can use the slot, so whether it reconnects here depends on that script, not on GoBGP

# The sender oracle (docs/ORACLE.md): the server prepends 65515 towards the
# NVAs, as the product does (plain eBGP, not RFC 7947 route-server mode).
oracle-as-path prepend
# Seen on the wire (RFC4271-5-UNKNOWN-TRANSITIVE-KEPT, oracle.txt): attribute
# 99 received with flags 0xc0 is sent on with flags 0xc0.
oracle-xfail SEND-PARTIAL GoBGP 3.10 passes an unrecognized optional transitive attribute on with the flags it was received with, Partial bit clear (RFC 4271 5: set it to 1)

# Live fuzzing findings (scripts/fuzz-promote): the RFC's outcome is the case's;
# this implementation answers otherwise.
xfail RFC7606-7.9-FUZZ-87fde2e3 ORIGINATOR_ID bad flags: treat-as-withdraw where RFC7606 7.9 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-7.5-FUZZ-c154c63b LOCAL_PREF bad length: treat-as-withdraw where RFC7606 7.5 expects route kept (found by rscert fuzz, seed 11)
xfail RFC8092-6-FUZZ-d70bb5d5 LARGE_COMMUNITY duplicate: treat-as-withdraw where RFC8092 6 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-7.11-FUZZ-678fa392 MP_REACH_NLRI valid: session reset 0/0 where RFC7606 7.11 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-5.3-FUZZ-713f75ef UPDATE NLRI longer than 32 bits: session reset 3/1 where RFC7606-5.3 expects session reset 3/10 (found by rscert fuzz, seed 11)
xfail RFC4271-6.1-FUZZ-f3f58f5c UPDATE shorter than 23 octets: session reset 3/1 where RFC4271-6.1 expects session reset 1/2 (found by rscert fuzz, seed 11)
xfail RFC4271-8.2.2-FUZZ-c9f619d5 OPEN in Established: process gone where RFC4271-8.2.2 expects session reset 5/-1 (gobgpd panics: interface conversion, BGPOpen is not BGPUpdate; found by rscert fuzz, seed 3)
xfail RFC7606-7.2-FUZZ-4e0f7745 AS_PATH overrun: route kept where RFC7606 7.2 expects treat-as-withdraw (found by rscert fuzz, seed 11)
xfail RFC7606-7.5-FUZZ-00e9e39e LOCAL_PREF bad flags: treat-as-withdraw where RFC7606 7.5 expects route kept (found by rscert fuzz, seed 11)
xfail RFC7606-7.9-FUZZ-ffb5dda4 ORIGINATOR_ID bad length: treat-as-withdraw where RFC7606 7.9 expects route kept (found by rscert fuzz, seed 11)
xfail RFC6793-6-FUZZ-ee22b308 AS4_PATH bad length: treat-as-withdraw where RFC6793 6 expects route kept (found by rscert fuzz against frr, seed 11; GoBGP withdraws)
xfail RFC4271-6.1-FUZZ-2f656e9f KEEPALIVE with a body: ignored where RFC4271-6.1 expects session reset 1/2 (found by rscert fuzz against bird2, seed 11; GoBGP ignores it too)
xfail RFC6793-6-FUZZ-f6bd7837 AS4_PATH bad value: treat-as-withdraw where RFC6793 6 expects route kept (found by rscert fuzz, seed 12)
xfail RFC4271-6.1-FUZZ-448a3570 length above 4096, not negotiated: no answer where RFC4271-6.1 expects session reset 1/2 (found by rscert fuzz, seed 12)
xfail RFC4271-6.1-FUZZ-fa144aa5 marker not all ones: treat-as-withdraw where RFC4271-6.1 expects session reset 1/1 (found by rscert fuzz, seed 12)
xfail RFC4271-6.1-FUZZ-afc3259b unknown message type, 19 octets: process gone where RFC4271-6.1 expects session reset 1/3 (found by rscert fuzz, seed 12; gobgpd panics: nil pointer dereference in fsmHandler.handlingError, the crash RFC4271-6.1-BAD-TYPE shows)

#!/bin/sh
# Records one SIP fixture with SIPp on 127.0.0.1 inside a private network namespace
# (so nothing else on the machine's loopback ends up in the capture).
#   sudo/root:  sh record.sh udp OUT.pcap     -> sip_udp_call_digest.pcap
#               sh record.sh tcp OUT.pcap     -> sip_tcp_register_call.pcap
# Needs: Debian sip-tester (sipp), tcpdump, ethtool, util-linux unshare, iproute2.
set -u
mode=$1
out=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${CTISCOPE_IN_NETNS:-}" ]; then
    CTISCOPE_IN_NETNS=1 exec unshare -n sh "$0" "$@"
fi
work=$(mktemp -d)
cd "$work"
ip link set lo up
if [ "$mode" = tcp ]; then
    # A smaller loopback MTU and no segmentation offload (only in this namespace) so that
    # the larger messages (INVITE and 200 OK with SDP) really leave in two TCP segments.
    ip link set lo mtu ${MTU:-1200}
    ethtool -K lo tso off gso off gro off
fi
tcpdump -i lo -n -s 0 -U -w "$out" 'port 5060' 2>tcpdump.log &
tcpdump_pid=$!
trap 'kill $tcpdump_pid 2>/dev/null' EXIT
sleep 1
case "$mode" in
udp)
    timeout 60 sipp -nostdin -trace_err -sf "$here/uas_invite_digest.xml" -i 127.0.0.1 -p 5060 -t u1 -m 1 >uas.log 2>&1 &
    uas_pid=$!
    sleep 0.5
    timeout 60 sipp -nostdin -trace_err -sf "$here/uac_invite_digest.xml" -i 127.0.0.1 -p 5070 -t u1 -m 1 127.0.0.1:5060 >uac.log 2>&1
    ;;
tcp)
    timeout 60 sipp -nostdin -trace_err -sf "$here/uas_register_call_tcp.xml" -i 127.0.0.1 -p 5060 -t t1 -m 2 >uas.log 2>&1 &
    uas_pid=$!
    sleep 0.5
    timeout 60 sipp -nostdin -trace_err -sf "$here/uac_register_tcp.xml" -cid_str '001122334455%u-a1f0c2d4@%s' -i 127.0.0.1 -p 5070 -t t1 -m 1 127.0.0.1:5060 >uac-register.log 2>&1
    echo "uac (REGISTER) exit $?"
    sleep 0.5
    timeout 60 sipp -nostdin -trace_err -sf "$here/uac_call_tcp.xml" -cid_str '001122334455%u-b7e3d9a0@%s' -i 127.0.0.1 -p 5072 -t t1 -m 1 127.0.0.1:5060 >uac-call.log 2>&1
    ;;
*)
    echo "mode is udp or tcp" >&2; exit 2 ;;
esac
uac_rc=$?
wait $uas_pid; uas_rc=$?
sleep 1
kill $tcpdump_pid; wait $tcpdump_pid || true
echo "uac exit $uac_rc, uas exit $uas_rc (work dir $work)"
cat tcpdump.log >&2

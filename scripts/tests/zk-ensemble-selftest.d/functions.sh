# shellcheck shell=bash
# zk-ensemble-selftest part: the script's functions on their own — number checks, port blocks, member ids,
# srvr replies, and the zoo.cfg and ensemble.env that start writes.
# shellcheck disable=SC2016 # the code under test runs in a shell that sourced the script, so it is quoted.

check_numbers() {
    in_script 'need_count --x 007 1 10; echo ok'
    expect "need_count takes leading zeros as decimal" 0 ok ""
    in_script 'need_count --x 11 1 10; echo ok'
    expect "need_count: above the maximum" 2 "" "zk-ensemble: --x needs a whole number from 1 to 10, got '11'"$'\n'"Try 'zk-ensemble help'."
    in_script 'need_value --x --y; echo ok'
    expect "need_value: an option is no value" 2 "" "zk-ensemble: --x needs a value"$'\n'"Try 'zk-ensemble help'."
    in_script 'need_value --x -1; echo ok'
    expect "need_value: a negative number is a value" 0 ok ""
}

check_port_blocks() {
    in_script 'TAKEN=([30102]=1); for c in 1 2 3; do if block_is_free 30000 $c; then echo free; else echo taken; fi; done'
    expect "block_is_free: a quorum port in use takes the block" 0 $'free\ntaken\ntaken' ""
    in_script 'block_is_free 65300 35 && echo free; block_is_free 65300 36 || echo "past 65535"'
    expect "block_is_free: no port past 65535" 0 $'free\npast 65535' ""
    in_script 'used_ports() { echo 30101; }; reserved_ports() { :; }; choose_base 30010 3; choose_base 30000 3'
    expect "choose_base: a requested block in use" 1 30010 \
        "zk-ensemble: error: ports of --base-port 30000 (client 30001-30003, quorum +100, election +200) are in use on 127.0.0.1; pick another --base-port"
    local low high
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
    high=$((low - 300))
    ((high > 11000)) || high=32000
    in_script 'used_ports() { :; }; reserved_ports() { :; }
        for ((i = 0; i < 200; i++)); do choose_base "" 15; done | sort -u' 
    local base bad=""
    for base in $OUT; do
        ((base % 10 == 0 && base >= 10000 && base < high && (base + 300 < 21700 || base > 23999))) || bad+=" $base"
    done
    check "choose_base: 200 random blocks, multiples of 10 in 10000-$high, none near 21700-23999" \
        test "$RC:${bad:-none}:${OUT:+some}" == "0:none:some"
    in_script 'block_is_free() { return 1; }; random_free_base 3'
    expect "choose_base: no free block" 1 "" \
        "zk-ensemble: error: found no free block of 9 ports on 127.0.0.1 in 10000-$high; pass --base-port"
    in_script 'IDS=(1 2 4); assign_ports 30000; for i in 1 2 4; do
        echo "${CLIENT_PORT[$i]} ${QUORUM_PORT[$i]} ${ELECTION_PORT[$i]}"; done'
    expect "assign_ports: client P+i, quorum P+100+i, election P+200+i" 0 \
        $'30001 30101 30201\n30002 30102 30202\n30004 30104 30204' ""
    in_script 'used_ports' 
    check "used_ports reads /proc/net/tcp as numbers" test "$RC:$(grep -cvE '^[0-9]+$' <<<"$OUT")" == "0:0"
}

check_ids() {
    local setup='DIR=/ens; IDS=(1 2 3); CLIENT_PORT=([1]=30001 [2]=30002 [3]=30003);'
    in_script "$setup"' parse_ids 1,3 "" 2 ,; echo "${SELECTED[*]}"'
    expect "parse_ids: commas and blanks" 0 "1 3 2" ""
    # The member maps are keyed by the id as written, so 02 is no member (as it always was).
    in_script "$setup"' parse_ids 02'
    expect "parse_ids: a leading zero is no member" 1 "" "zk-ensemble: error: no member 02 in /ens (members: 1 2 3)"
    in_script "$setup"' parse_ids 1,x'
    expect "parse_ids: not a number" 2 "" "zk-ensemble: member id must be a number, got 'x'"$'\n'"Try 'zk-ensemble help'."
    in_script "$setup"' parse_ids 2 4'
    expect "parse_ids: no such member" 1 "" "zk-ensemble: error: no member 4 in /ens (members: 1 2 3)"
    in_script "$setup"' connect_string'
    expect "connect_string" 0 "127.0.0.1:30001,127.0.0.1:30002,127.0.0.1:30003" ""
}

check_srvr_replies() {
    local reply=$'Zookeeper version: 3.8.0-1\nLatency min/avg/max: 0/0.0/0\nMode: follower\nNode count: 5'
    in_script 'classify_srvr_reply "$1"' "$reply"
    expect "srvr reply: follower" 0 follower ""
    in_script 'classify_srvr_reply "$NOT_SERVING"'
    expect "srvr reply: not serving" 0 not-serving ""
    in_script 'classify_srvr_reply "srvr is not executed because it is not in the whitelist."'
    expect "srvr reply: not whitelisted" 0 not-whitelisted ""
    in_script 'classify_srvr_reply ""'
    expect "srvr reply: none" 0 no-reply ""
    in_script 'd=$(now_ms); remaining_s $((d + 60000)); remaining_s $((d - 1000))'
    expect "remaining_s: capped at the probe timeout, at least 0.2 s" 0 $'2.000\n0.200' ""
    mkdir -p "$WORK/logs"
    printf '%s\n' '=== zk-ensemble: starting member 1 at x ===' 'a Peer state changed: looking' \
        'b Peer state changed: leading - broadcast' '=== zk-ensemble: starting member 1 at y ===' >"$WORK/logs/zoo1.log"
    in_script 'DIR=$1; log_peer_state 1; echo "Peer state changed: following - broadcast" >>"$DIR/zoo1.log"; log_peer_state 1' \
        "$WORK/logs"
    expect "log_peer_state: only the current run counts" 0 $'\nfollowing - broadcast' ""
}

# The files start writes, byte for byte (the Swift harness reads ensemble.env).
check_files() {
    local dir=$WORK/files
    mkdir -p "$dir"
    local setup='DIR=$1; IDS=(1 2 3); SERVERS=2; OBSERVERS=1; ROLE=([1]=participant [2]=participant [3]=observer)
        WHITELIST="srvr,mntr"; LEADER_SERVES=no; TICK_MS=250; assign_ports 30000;'
    in_script "$setup"' write_member_config 3 250 10 4; cat "$DIR/zoo3.cfg"; cat "$DIR/data3/myid"' "$dir"
    expect "zoo3.cfg of an observer, leaderServes=no" 0 "# Member 3 of a throwaway test ensemble, written by scripts/zk-ensemble.
tickTime=250
initLimit=10
syncLimit=4
dataDir=$dir/data3
clientPort=30003
clientPortAddress=127.0.0.1
4lw.commands.whitelist=srvr,mntr
admin.enableServer=false
standaloneEnabled=false
leaderServes=no
peerType=observer
# Speed over durability: this ensemble holds no data worth keeping.
forceSync=no
preAllocSize=1024
server.1=127.0.0.1:30101:30201:participant;127.0.0.1:30001
server.2=127.0.0.1:30102:30202:participant;127.0.0.1:30002
server.3=127.0.0.1:30103:30203:observer;127.0.0.1:30003
3" ""
    in_script "$setup"' write_env; cat "$DIR/ensemble.env"' "$dir"
    expect "ensemble.env" 0 "# Written by zk-ensemble; read by its commands and by Tests/IntegrationTests/Support/Ensemble.swift.
ZK_DIR=$dir
ZK_SERVERS=2
ZK_OBSERVERS=1
ZK_IDS='1 2 3'
ZK_LEADER_SERVES=no
ZK_WHITELIST='srvr,mntr'
ZK_TICK_MS=250
ZK_CONNECT='127.0.0.1:30001,127.0.0.1:30002,127.0.0.1:30003'
ZK_CLIENT_PORT_1=30001
ZK_QUORUM_PORT_1=30101
ZK_ELECTION_PORT_1=30201
ZK_ROLE_1=participant
ZK_PID_1=
ZK_CLIENT_PORT_2=30002
ZK_QUORUM_PORT_2=30102
ZK_ELECTION_PORT_2=30202
ZK_ROLE_2=participant
ZK_PID_2=
ZK_CLIENT_PORT_3=30003
ZK_QUORUM_PORT_3=30103
ZK_ELECTION_PORT_3=30203
ZK_ROLE_3=observer
ZK_PID_3=" ""
    in_script 'load_ensemble "$1"; echo "$DIR|${IDS[*]}|$SERVERS|$OBSERVERS|$LEADER_SERVES|$WHITELIST|$TICK_MS"
        echo "${ROLE[3]} ${CLIENT_PORT[2]} ${QUORUM_PORT[2]} ${ELECTION_PORT[2]}"' "$dir/"
    expect "load_ensemble reads back what write_env wrote" 0 \
        "$dir|1 2 3|2|1|no|srvr,mntr|250"$'\n'"observer 30002 30102 30202" ""
    in_script 'DIR=$1; IDS=(1); SERVERS=1; ROLE=([1]=participant); assign_ports 30500; write_member_config 1 500 10 4
        grep -cE "^(standaloneEnabled|leaderServes|peerType)=" "$DIR/zoo1.cfg"' "$WORK/standalone"
    expect "zoo1.cfg of a standalone server: no standaloneEnabled, leaderServes or peerType" 1 0 ""
}

check_numbers
check_port_blocks
check_ids
check_srvr_replies
check_files

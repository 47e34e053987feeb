#!/usr/bin/env bash
# Captures four-letter-word replies from a real ZooKeeper 3.8.0 ensemble (Debian's `zookeeper` package) into
# Tests/ZKProbeTests/Fixtures/captured-3.8.0/<role>-<word>.txt, byte for byte.
#
# Three servers on 127.0.0.1: client ports 22181-22183, quorum 22881-22883, election 23881-23883. Phases:
#   1. all three up: every word from the leader and one follower;
#   2. that follower restarted with 4lw.commands.whitelist=srvr: "restricted-<word>" (srvr answers, others refused);
#   3. leader and restricted follower stopped: the survivor has no quorum: "notserving-<word>";
#   4. the survivor restarted with -Dreadonlymode.enabled=true: "readonly-<word>".
# Every JVM this script starts is stopped and the temporary directory removed on exit, whatever happens.
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)/captured-3.8.0"
jar=/usr/share/java/zookeeper.jar
[[ -f $jar ]] || { echo "ZooKeeper is not installed: apt-get install zookeeper" >&2; exit 1; }
words=(ruok srvr stat mntr conf isro envi cons wchs wchc wchp dirs dump gtmk hash)
tmp="$(mktemp -d /tmp/zk-capture.XXXXXX)"
declare -A pids=()

cleanup() {
    for id in "${!pids[@]}"; do stop "$id"; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# start ID [extra java options...]
start() {
    local id=$1; shift
    mkdir -p "$tmp/data$id"
    echo "$id" >"$tmp/data$id/myid"
    java -Xmx128m "$@" -cp "$jar" \
        org.apache.zookeeper.server.quorum.QuorumPeerMain "$tmp/zoo$id.cfg" >"$tmp/server$id.log" 2>&1 &
    pids[$id]=$!
}

stop() {
    local id=$1 pid=${pids[$1]:-}
    [[ -n $pid ]] || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "pids[$id]"
}

# config ID WHITELIST
config() {
    cat >"$tmp/zoo$1.cfg" <<CFG
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$tmp/data$1
clientPort=2218$1
clientPortAddress=127.0.0.1
4lw.commands.whitelist=$2
admin.enableServer=false
server.1=127.0.0.1:22881:23881
server.2=127.0.0.1:22882:23882
server.3=127.0.0.1:22883:23883
CFG
}

# ask PORT WORD: the reply, exact bytes, on stdout (bash's /dev/tcp: no nc needed)
ask() {
    timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf %s "$1" >&3; cat <&3' "$1" "$2" 2>/dev/null || true
}

mode() { ask "$1" srvr | sed -n 's/^Mode: //p'; }

# wait_mode PORT PATTERN: up to 60 s
wait_mode() {
    for _ in $(seq 120); do
        [[ "$(mode "$1")" =~ $2 ]] && return 0
        sleep 0.5
    done
    echo "server on port $1 never reached mode $2" >&2
    return 1
}

capture() { # ROLE PORT
    for w in "${words[@]}"; do ask "$2" "$w" >"$out/$1-$w.txt"; done
}

mkdir -p "$out"
rm -f "$out"/*.txt
for id in 1 2 3; do config "$id" '*'; start "$id"; done
for id in 1 2 3; do wait_mode "2218$id" 'leader|follower'; done

leader='' follower=''
for id in 1 2 3; do
    case "$(mode "2218$id")" in
        leader) leader=$id ;;
        follower) [[ -n $follower ]] || follower=$id ;;
    esac
done
echo "leader: server.$leader, follower: server.$follower"
# A client session with an ephemeral node and a watch, so that cons/wchs/dump have something to show.
java -cp "$jar" org.apache.zookeeper.ZooKeeperMain -server "127.0.0.1:2218$leader" \
    create /probe data >/dev/null 2>&1 || true
capture leader "2218$leader"
capture follower "2218$follower"

# Phase 2: the follower restricted to srvr.
stop "$follower"
config "$follower" srvr
start "$follower"
wait_mode "2218$follower" 'follower'
for w in srvr mntr ruok conf; do ask "2218$follower" "$w" >"$out/restricted-$w.txt"; done
# An unknown word: the server closes without a byte.
ask "2218$follower" xyzw >"$out/restricted-xyzw.txt"

# Phase 3: only one server left: no quorum.
survivor=''
for id in 1 2 3; do [[ $id == "$leader" || $id == "$follower" ]] || survivor=$id; done
stop "$leader"
stop "$follower"
sleep 1
for w in ruok srvr stat mntr conf isro envi; do ask "2218$survivor" "$w" >"$out/notserving-$w.txt"; done

# Phase 4: the survivor restarted in read-only mode.
stop "$survivor"
start "$survivor" -Dreadonlymode.enabled=true
wait_mode "2218$survivor" 'read-only'
for w in ruok srvr stat mntr conf isro; do ask "2218$survivor" "$w" >"$out/readonly-$w.txt"; done
ls -l "$out"

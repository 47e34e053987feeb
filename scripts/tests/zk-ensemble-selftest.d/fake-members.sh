# shellcheck shell=bash
# zk-ensemble-selftest part: commands against fake members — bash loops whose last argument is the member's
# zoo.cfg — and `start` with JAVA=/bin/false, whose members exit at once. Client ports 1-3: nothing listens
# there, so every srvr is refused at once and answers no-reply.
# shellcheck disable=SC2016 # the code under test runs in a shell that sourced the script, so it is quoted.

# fake_ensemble DIR: an ensemble.env for 3 participants with client ports 1-3, and a fake process for each.
fake_ensemble() {
    local dir=$1 id
    mkdir -p "$dir"
    in_script 'DIR=$1; IDS=(1 2 3); SERVERS=3; ROLE=([1]=participant [2]=participant [3]=participant)
        assign_ports 0; write_env' "$dir"
    for id in 1 2 3; do
        bash -c 'while :; do sleep 0.1; done' zk-ensemble-selftest-member "$dir/zoo$id.cfg" &
        FAKE_PIDS+=("$!")
        printf '%s\n' "$!" >"$dir/zoo$id.pid"
        disown "$!" # no "Killed" notices from this shell

    done
}

status_line() {
    printf '%-4s %-12s %-16s %-8s %-8s %s' "$@"
}

check_fake_members() {
    local dir=$WORK/fake p1 p2 p3 head
    fake_ensemble "$dir"
    read -r p1 <"$dir/zoo1.pid" && read -r p2 <"$dir/zoo2.pid" && read -r p3 <"$dir/zoo3.pid"
    head=$(status_line ID ROLE CLIENT PID STATE MODE)
    run "$ENTRY" status "$dir"
    expect "status: running members that do not answer" 0 "$head
$(status_line 1 participant 127.0.0.1:1 "$p1" running no-reply)
$(status_line 2 participant 127.0.0.1:2 "$p2" running no-reply)
$(status_line 3 participant 127.0.0.1:3 "$p3" running no-reply)" ""
    run "$ENTRY" connect "$dir"
    expect "connect" 0 "127.0.0.1:1,127.0.0.1:2,127.0.0.1:3" ""
    run "$ENTRY" pause "$dir" 2
    expect "pause 2" 0 "" ""
    run "$ENTRY" status "$dir"
    check "status: 2 is paused" grep -qxF "$(status_line 2 participant 127.0.0.1:2 "$p2" paused -)" <<<"$OUT"
    run "$ENTRY" resume "$dir" 2
    expect "resume 2" 0 "" ""
    check "2 runs again" grep -q '^R\|^S' <<<"$(ps -o stat= -p "$p2")"
    run "$ENTRY" kill "$dir" 1
    expect "kill 1" 0 "" ""
    check "kill 1: its pid file is gone" test ! -e "$dir/zoo1.pid"
    check "kill 1: ensemble.env has no pid for 1, still one for 2" \
        test "$(grep -E '^ZK_PID_[12]=' "$dir/ensemble.env" | tr '\n' ' ')" == "ZK_PID_1= ZK_PID_2=$p2 "
    expect_error "pause a stopped member" "member 1 is not running; nothing to pause" "$ENTRY" pause "$dir" 1
    expect_error "resume a stopped member" "member 1 is not running; nothing to resume" "$ENTRY" resume "$dir" 3,1
    expect_usage "kill without ids" "kill needs at least one member id" "$ENTRY" kill "$dir"
    expect_usage "restart: unknown option" "restart: unknown option '--now'" "$ENTRY" restart "$dir" 1 --now
    expect_usage "status: extra argument" "status takes only the ensemble directory" "$ENTRY" status "$dir" 1
    expect_usage "leader: unknown argument" "leader: unknown argument '1'" "$ENTRY" leader "$dir" 1
    expect_usage "wait --timeout x" "--timeout needs a whole number from 0 to 3600, got 'x'" \
        "$ENTRY" wait "$dir" --timeout x
    expect_error "leader: none leads" "no member of $dir leads right now" "$ENTRY" leader "$dir"
    expect_error "leader --timeout 1: none led" "no member of $dir led within 1 s" "$ENTRY" leader "$dir" --timeout 1
    run "$ENTRY" wait "$dir" --serving 1 --timeout 5
    expect "wait for a stopped member" 1 "" "zk-ensemble: error: member 1 exited (or was stopped) while waiting for it to serve
  --- last 30 lines of $dir/zoo1.log (stack frames left out) ---
  | (empty)"
    run "$ENTRY" wait "$dir" --timeout 0
    expect "wait: running members that do not serve" 1 "" "zk-ensemble: error: after 0 s, members 2 3 of $dir do not serve requests
  member 2 (127.0.0.1:2) is running, srvr: no-reply
  --- last 20 lines of $dir/zoo2.log (stack frames left out) ---
  | (empty)
  member 3 (127.0.0.1:3) is running, srvr: no-reply
  --- last 20 lines of $dir/zoo3.log (stack frames left out) ---
  | (empty)"
    run "$ENTRY" stop "$dir" 2
    expect "stop 2 (SIGTERM)" 0 "" ""
    printf '%s\n' "$$" >"$dir/zoo2.pid"
    run "$ENTRY" status "$dir"
    check "status: a pid that is not the member's counts as stopped" \
        grep -qxF "$(status_line 2 participant 127.0.0.1:2 - stopped -)" <<<"$OUT"
    expect_error "wait: none running" "no member of $dir is running" env ZK_ENSEMBLE_STOP_TIMEOUT=1 \
        bash -c '"$0" kill "$1" 3 && "$0" wait "$1"' "$ENTRY" "$dir"
    run "$ENTRY" destroy "$dir"
    expect "destroy" 0 "" ""
    check "destroy: the directory is gone" test ! -e "$dir"
}

# start with JAVA=/bin/false: ports, files, output, the registry, and the cleanup of a failed start.
check_start_without_java() {
    local dir=$WORK/started base id expected
    export JAVA=/bin/false ZK_ENSEMBLE_CLASSPATH=none
    run "$ENTRY" start --dir "$dir" --servers 2 --observers 1 --wait 0
    base=$(sed -n 's/^member 1 127\.0\.0\.1:\([0-9]*\) participant$/\1/p' <<<"$OUT")
    base=$((${base:-1} - 1))
    expected="dir $dir
member 1 127.0.0.1:$((base + 1)) participant
member 2 127.0.0.1:$((base + 2)) participant
member 3 127.0.0.1:$((base + 3)) observer
connect 127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2)),127.0.0.1:$((base + 3))"
    expect "start --wait 0: dir, member and connect lines" 0 "$expected" ""
    for id in 1 2 3; do
        check "start: zoo$id.cfg, data$id/myid, zoo$id.log" test -s "$dir/zoo$id.cfg" -a -s "$dir/data$id/myid" \
            -a -s "$dir/zoo$id.log"
    done
    in_script 'registry_key "$1"' "$dir"
    check "start: registered" test "$(readlink "$ZK_ENSEMBLE_REGISTRY/$OUT")" == "$dir"
    expect_error "start: ports registered by another ensemble" "ports of --base-port $base (client $((base + 1))-$((base + 3)), quorum +100, election +200) are in use on 127.0.0.1; pick another --base-port" \
        "$ENTRY" start --dir "$WORK/second" --base-port "$base" --wait 0
    run "$ENTRY" destroy "$dir"
    expect "destroy a started ensemble" 0 "" ""
    check "destroy: unregistered" test -z "$(ls "$ZK_ENSEMBLE_REGISTRY")"
    run "$ENTRY" start --dir "$dir" --servers 1 --wait 1
    check "start: a member that exits fails the start" test "$RC" == 1
    check "start: says so" grep -qxF "zk-ensemble: error: member 1 exited (or was stopped) while waiting for it to serve" <<<"$ERR"
    check "start: then stops what it started" test "$(tail -n 1 <<<"$ERR")" == \
        "zk-ensemble: stopping the members started so far (their logs stay in $dir)"
    check "start: a failed start is unregistered" test -z "$(ls "$ZK_ENSEMBLE_REGISTRY")"
    run "$ENTRY" restart "$dir" 1 --wait 1
    check "restart: a member that exits fails the restart" test "$RC:$(head -n 1 <<<"$ERR")" == \
        "1:zk-ensemble: error: member 1 (127.0.0.1:$(sed -n 's/^ZK_CLIENT_PORT_1=//p' "$dir/ensemble.env")) did not answer within 1 s; it is stopped"
    run "$ENTRY" destroy "$dir"
    expect "destroy after a failed start" 0 "" ""
    unset JAVA ZK_ENSEMBLE_CLASSPATH
}

# The watchdog destroys an ensemble whose owner is gone.
check_watchdog() {
    local dir=$WORK/owned owner i
    sleep 30 &
    owner=$!
    FAKE_PIDS+=("$owner")
    run env JAVA=/bin/false ZK_ENSEMBLE_CLASSPATH=none "$ENTRY" start --dir "$dir" --servers 1 --wait 0 --owner-pid "$owner"
    check "start --owner-pid" test "$RC" == 0
    kill "$owner"
    for ((i = 0; i < 50; i++)); do
        [[ -e $dir ]] || break
        sleep 0.1
    done
    check "the watchdog destroys the ensemble once its owner is gone" test ! -e "$dir"
}

check_fake_members
check_start_without_java
check_watchdog

# shellcheck shell=bash
# zk-ensemble-selftest part: the command line — help, usage errors (exit 2), failures before any JVM
# (exit 1), and finding zk-ensemble.d/ from any directory and through a symlink.

check_help() {
    local help
    run "$ENTRY" help
    help=$OUT
    check "help: exit 0, nothing on stderr" test "$RC:$ERR" == "0:"
    check "help: 40 lines" test "$(printf '%s\n' "$help" | wc -l)" == 40
    check "help: first line" test "$(printf '%s\n' "$help" | head -n 1)" == "Usage: zk-ensemble COMMAND [ARGS]"
    check "help: last line" test "$(printf '%s\n' "$help" | tail -n 1)" == "Exit status: 0 success, 1 failure, 2 bad usage."
    local word
    for word in install start stop kill pause resume restart status leader connect wait destroy help; do
        check "help lists '$word'" grep -qE "^  $word( |$)" <<<"$help"
    done
    run "$ENTRY" --help
    expect "--help is help" 0 "$help" ""
    run "$ENTRY" -h
    expect "-h is help" 0 "$help" ""
    run env ZK_ENSEMBLE_STOP_TIMEOUT=7 "$ENTRY" help
    check "help shows ZK_ENSEMBLE_STOP_TIMEOUT" grep -qF 'SIGKILL after 7s; all members' <<<"$OUT"
}

check_usage_errors() {
    expect_usage "no command" "missing command" "$ENTRY"
    expect_usage "unknown command" "unknown command 'frob'" "$ENTRY" frob
    expect_usage "install takes no arguments" "install takes no arguments" "$ENTRY" install now
    expect_usage "start: unknown option" "start: unknown option '--frob'" "$ENTRY" start --frob
    expect_usage "start: option without value" "--servers needs a value" "$ENTRY" start --servers
    expect_usage "start: option followed by option" "--dir needs a value" "$ENTRY" start --dir --servers 3
    expect_usage "start --servers 0" "--servers needs a whole number from 1 to 15, got '0'" "$ENTRY" start --servers 0
    expect_usage "start --servers 16" "--servers needs a whole number from 1 to 15, got '16'" "$ENTRY" start --servers 16
    expect_usage "start --servers x" "--servers needs a whole number from 1 to 15, got 'x'" "$ENTRY" start --servers x
    expect_usage "start --observers 16" "--observers needs a whole number from 0 to 15, got '16'" \
        "$ENTRY" start --observers 16
    expect_usage "start --tick 0" "--tick needs a whole number from 1 to 60000, got '0'" "$ENTRY" start --tick 0
    expect_usage "start --init-limit" "--init-limit needs a whole number from 1 to 1000, got '1001'" \
        "$ENTRY" start --init-limit 1001
    expect_usage "start --sync-limit" "--sync-limit needs a whole number from 1 to 1000, got '-1'" \
        "$ENTRY" start --sync-limit -1
    expect_usage "start --wait" "--wait needs a whole number from 0 to 3600, got '3601'" "$ENTRY" start --wait 3601
    # The highest base port leaves room for the election port of the last member: 65535-200-count.
    expect_usage "start --base-port too low" "--base-port needs a whole number from 1024 to 65332, got '1023'" \
        "$ENTRY" start --base-port 1023
    expect_usage "start --base-port too high for 5" "--base-port needs a whole number from 1024 to 65330, got '65331'" \
        "$ENTRY" start --servers 3 --observers 2 --base-port 65331
    expect_usage "start --leader-serves" "--leader-serves takes yes or no, got 'maybe'" "$ENTRY" start --leader-serves maybe
    expect_usage "start --client-address" "--client-address takes yes or no, got 'maybe'" \
        "$ENTRY" start --client-address maybe
    expect_usage "start --whitelist" "--whitelist takes four-letter words separated by commas (or '*'), got 'srvr;ls'" \
        "$ENTRY" start --whitelist 'srvr;ls'
    expect_usage "start --owner-pid" "--owner-pid needs the pid of a running process, got 'abc'" \
        "$ENTRY" start --owner-pid abc
    local cmd
    for cmd in stop kill pause resume restart status leader connect wait; do
        expect_usage "$cmd without DIR" "$cmd needs the ensemble directory as its first argument" "$ENTRY" "$cmd"
        expect_usage "$cmd with an option for DIR" "$cmd needs the ensemble directory as its first argument" \
            "$ENTRY" "$cmd" --timeout 1
    done
    expect_usage "destroy without DIR" "destroy takes only the ensemble directory" "$ENTRY" destroy
    expect_usage "destroy with two" "destroy takes only the ensemble directory" "$ENTRY" destroy a b
}

check_failures_before_any_jvm() {
    mkdir -p "$WORK/empty"
    touch "$WORK/file"
    expect_error "stop: no directory" "no ensemble directory $WORK/nothing" "$ENTRY" stop "$WORK/nothing"
    expect_error "stop: not an ensemble" \
        "$WORK/empty holds no ensemble (no ensemble.env); was it started with 'zk-ensemble start'?" \
        "$ENTRY" stop "$WORK/empty"
    # A PATH with everything but java.
    local tool
    mkdir -p "$WORK/no-java"
    for tool in /usr/local/bin/* /usr/bin/* /bin/*; do
        [[ ${tool##*/} == java || -e $WORK/no-java/${tool##*/} ]] || ln -s "$tool" "$WORK/no-java/"
    done
    expect_error "start: no java" "java not found; run 'zk-ensemble install' (or set JAVA)" \
        env PATH="$WORK/no-java" "$ENTRY" start --wait 0
    expect_error "start: no ZooKeeper" "ZooKeeper is not installed (no $WORK/no-zookeeper.jar); run 'zk-ensemble install'" \
        env JAVA=/bin/false "$ENTRY" start --wait 0
    expect_error "start: --dir is a file" "--dir $WORK/file exists and is not a directory" \
        env JAVA=/bin/false ZK_ENSEMBLE_CLASSPATH=x "$ENTRY" start --dir "$WORK/file"
    touch "$WORK/empty/x"
    expect_error "start: --dir not empty" "--dir $WORK/empty is not empty; pick a new or empty directory" \
        env JAVA=/bin/false ZK_ENSEMBLE_CLASSPATH=x "$ENTRY" start --dir "$WORK/empty"
    rm -f "$WORK/empty/x"
    run "$ENTRY" destroy "$WORK/nothing"
    expect "destroy: nothing there" 0 "" "zk-ensemble: $WORK/nothing does not exist; nothing to destroy"
    run "$ENTRY" destroy "$WORK/empty"
    expect "destroy: an empty directory is removed" 0 "" ""
    check "destroy: the empty directory is gone" test ! -e "$WORK/empty"
}

# The parts are found next to the script's real path: from any directory, through a symlink, in a copy.
check_finding_parts() {
    mkdir -p "$WORK/bin" "$WORK/copy"
    ln -s "$ENTRY" "$WORK/bin/zk"
    run bash -c 'cd / && "$0" connect' "$WORK/bin/zk"
    expect "through a symlink, from /" 2 "" \
        "zk-ensemble: connect needs the ensemble directory as its first argument"$'\n'"Try 'zk-ensemble help'."
    cp -R "$ENTRY" "$PARTS" "$WORK/copy/"
    run "$WORK/copy/zk-ensemble" frob
    expect "a copy with its folder" 2 "" "zk-ensemble: unknown command 'frob'"$'\n'"Try 'zk-ensemble help'."
    rm -f "$WORK/copy/zk-ensemble.d/probe.sh"
    expect_error "a copy without a part" \
        "$WORK/copy/zk-ensemble.d/probe.sh is missing; copy zk-ensemble.d/ along with the script" \
        "$WORK/copy/zk-ensemble" help
}

check_help
check_usage_errors
check_failures_before_any_jvm
check_finding_parts

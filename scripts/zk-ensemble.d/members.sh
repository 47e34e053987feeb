# shellcheck shell=bash
# zk-ensemble part: member processes — launching a member's JVM, signalling it, waiting for it to go.

java_bin() {
    if [[ -n ${JAVA:-} ]]; then
        printf '%s\n' "$JAVA"
    elif command -v java >/dev/null 2>&1; then
        command -v java
    else
        die "java not found; run '$PROG install' (or set JAVA)"
    fi
}

zk_classpath() {
    if [[ -n ${ZK_ENSEMBLE_CLASSPATH:-} ]]; then
        printf '%s\n' "$ZK_ENSEMBLE_CLASSPATH"
        return
    fi
    [[ -r $ZK_JAR ]] || die "ZooKeeper is not installed (no $ZK_JAR); run '$PROG install'"
    # Debian's zookeeper.jar names its dependencies in its manifest's Class-Path; add a plain slf4j
    # binding so the member logs go to stderr, which we send to DIR/zooN.log.
    local cp=$ZK_JAR binding=/usr/share/java/slf4j-simple.jar
    if [[ -r $binding ]]; then
        cp+=":$binding"
    fi
    # The AdminServer (--admin) needs Jetty and the servlet API, which the manifest does not name: without them
    # the member logs "Unable to load jetty" and serves no HTTP at all.
    local jar
    if [[ $ADMIN == yes ]]; then
        for jar in servlet-api jetty9-server jetty9-servlet jetty9-http jetty9-io jetty9-util jetty9-security \
            jackson-databind jackson-core jackson-annotations; do
            if [[ -r /usr/share/java/$jar.jar ]]; then cp+=":/usr/share/java/$jar.jar"; fi
        done
    fi
    printf '%s\n' "$cp"
}

# launch_member ID: start the member's JVM in its own session; its pid goes to DIR/zooID.pid.
launch_member() {
    local id=$1 java cp
    java=$(java_bin)
    cp=$(zk_classpath)
    local cfg="$DIR/zoo$id.cfg" log="$DIR/zoo$id.log" pidfile="$DIR/zoo$id.pid"
    local -a jvm=(-Xmx96m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData
        -XX:+ExitOnOutOfMemoryError -Djava.net.preferIPv4Stack=true
        -Dzookeeper.fastleader.maxNotificationInterval=1000 -Dzookeeper.jmx.log4j.disable=true
        -Dorg.slf4j.simpleLogger.showDateTime=true
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS")
    if [[ -n ${ZK_ENSEMBLE_JVM_OPTS:-} ]]; then
        local -a extra
        read -r -a extra <<<"$ZK_ENSEMBLE_JVM_OPTS"
        jvm+=("${extra[@]}")
    fi
    local -a session=()
    command -v setsid >/dev/null 2>&1 && session=(setsid)
    rm -f "$pidfile"
    printf '=== zk-ensemble: starting member %s at %s ===\n' "$id" "$(date '+%Y-%m-%dT%H:%M:%S')" >>"$log"
    # The wrapper writes its own pid and then becomes the JVM, so the pid file names the JVM from the start.
    # shellcheck disable=SC2016 # the inner script expands its own arguments.
    "${session[@]}" bash -c 'printf "%s\n" "$$" >"$1.tmp" && mv -f "$1.tmp" "$1" && shift && exec "$@"' \
        zk-ensemble-member "$pidfile" "$java" "${jvm[@]}" -cp "$cp" "$MAIN_CLASS" "$cfg" \
        >>"$log" 2>&1 </dev/null 8>&- 9>&- &
    local deadline=$(($(now_ms) + 5000))
    until [[ -s $pidfile ]]; do
        (($(now_ms) < deadline)) || die "member $id did not start (no $pidfile after 5 s)"
        sleep 0.05
    done
}

# signal_members SIGNAL ID...: send SIGNAL to every member that has a live process.
signal_members() {
    local sig=$1 id pid
    shift
    for id in "$@"; do
        [[ $(member_state "$id") != stopped ]] || continue
        pid=$(member_pid "$id") || continue
        kill "-$sig" "$pid" 2>/dev/null || true
    done
}

# wait_gone TIMEOUT_MS ID...: wait until no ID has a live process; return 1 if some still do.
wait_gone() {
    local timeout_ms=$1 id alive
    shift
    local deadline=$(($(now_ms) + timeout_ms))
    while :; do
        alive=0
        for id in "$@"; do
            [[ $(member_state "$id") == stopped ]] || alive=1
        done
        ((alive == 0)) && return 0
        (($(now_ms) >= deadline)) && return 1
        sleep 0.1
    done
}

# wait_state ID STATE|not-STATE WHAT: wait up to 5 s for a member to reach (or leave) STATE after a signal.
wait_state() {
    local id=$1 want=$2 what=$3 state
    local deadline=$(($(now_ms) + 5000))
    while :; do
        state=$(member_state "$id")
        if [[ $want == not-* ]]; then
            [[ $state != "${want#not-}" ]] && return 0
        else
            [[ $state == "$want" ]] && return 0
        fi
        (($(now_ms) < deadline)) || die "member $id did not $what"
        sleep 0.05
    done
}

# stop_members ID...: resume paused ones so they can die, SIGTERM, then SIGKILL after STOP_TIMEOUT.
stop_members() {
    (($# > 0)) || return 0
    signal_members CONT "$@"
    signal_members TERM "$@"
    if ! wait_gone $((STOP_TIMEOUT * 1000)) "$@"; then
        signal_members KILL "$@"
        wait_gone 5000 "$@" || die "members of $DIR survived SIGKILL: $(running_pids "$@")"
    fi
    forget_pids "$@"
}

# forget_pids ID...: drop the pid files of members that are gone.
forget_pids() {
    local id
    for id in "$@"; do
        rm -f "$DIR/zoo$id.pid"
    done
}

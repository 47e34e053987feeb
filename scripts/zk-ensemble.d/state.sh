# shellcheck shell=bash
# zk-ensemble part: what an ensemble is on disk and in memory, and what state each member's process is in.
# DIR/ensemble.env (shell syntax; Tests/IntegrationTests/Support/Ensemble.swift reads it too), DIR/zooN.cfg,
# DIR/zooN.log, DIR/zooN.pid, DIR/dataN/.

DIR=""
declare -a IDS=()
declare -A CLIENT_PORT=() QUORUM_PORT=() ELECTION_PORT=() ADMIN_PORT=() ROLE=()
SERVERS=0
OBSERVERS=0
LEADER_SERVES=yes
WHITELIST='*'
TICK_MS=500
# yes: every member runs its AdminServer (HTTP) on ADMIN_PORT (start --admin).
ADMIN=no

# load_ensemble DIR: read DIR/ensemble.env into the globals above.
load_ensemble() {
    local dir=$1
    [[ -n $dir ]] || usage_error "missing ensemble directory"
    [[ -d $dir ]] || die "no ensemble directory $dir"
    [[ -f $dir/ensemble.env ]] || die "$dir holds no ensemble (no ensemble.env); was it started with '$PROG start'?"
    DIR=$(cd "$dir" && pwd)
    local ZK_IDS="" ZK_SERVERS=0 ZK_OBSERVERS=0 ZK_LEADER_SERVES=yes ZK_WHITELIST='*' ZK_TICK_MS=500 ZK_ADMIN=no
    # shellcheck disable=SC1091
    source "$DIR/ensemble.env"
    read -r -a IDS <<<"$ZK_IDS"
    SERVERS=$ZK_SERVERS
    OBSERVERS=$ZK_OBSERVERS
    LEADER_SERVES=$ZK_LEADER_SERVES
    WHITELIST=$ZK_WHITELIST
    TICK_MS=$ZK_TICK_MS
    ADMIN=$ZK_ADMIN
    local id var
    for id in "${IDS[@]}"; do
        var="ZK_CLIENT_PORT_$id" && CLIENT_PORT[$id]=${!var}
        var="ZK_QUORUM_PORT_$id" && QUORUM_PORT[$id]=${!var}
        var="ZK_ELECTION_PORT_$id" && ELECTION_PORT[$id]=${!var}
        var="ZK_ROLE_$id" && ROLE[$id]=${!var}
        var="ZK_ADMIN_PORT_$id" && ADMIN_PORT[$id]=${!var:-}
    done
}

connect_string() {
    local id out=""
    for id in "${IDS[@]}"; do
        out+="${out:+,}127.0.0.1:${CLIENT_PORT[$id]}"
    done
    printf '%s\n' "$out"
}

# write_env: (re)write DIR/ensemble.env from the globals and the pid files, atomically.
write_env() {
    local tmp="$DIR/.ensemble.env.$$" id pid
    {
        printf '# Written by %s; read by its commands and by Tests/IntegrationTests/Support/Ensemble.swift.\n' "$PROG"
        printf 'ZK_DIR=%q\n' "$DIR"
        printf "ZK_SERVERS=%s\nZK_OBSERVERS=%s\nZK_IDS='%s'\n" "$SERVERS" "$OBSERVERS" "${IDS[*]}"
        printf "ZK_LEADER_SERVES=%s\nZK_WHITELIST='%s'\nZK_TICK_MS=%s\n" "$LEADER_SERVES" "$WHITELIST" "$TICK_MS"
        if [[ $ADMIN == yes ]]; then printf 'ZK_ADMIN=yes\n'; fi
        printf "ZK_CONNECT='%s'\n" "$(connect_string)"
        for id in "${IDS[@]}"; do
            pid=""
            [[ $(member_state "$id") == stopped ]] || pid=$(member_pid "$id")
            printf 'ZK_CLIENT_PORT_%s=%s\nZK_QUORUM_PORT_%s=%s\nZK_ELECTION_PORT_%s=%s\nZK_ROLE_%s=%s\nZK_PID_%s=%s\n' \
                "$id" "${CLIENT_PORT[$id]}" "$id" "${QUORUM_PORT[$id]}" "$id" "${ELECTION_PORT[$id]}" \
                "$id" "${ROLE[$id]}" "$id" "$pid"
            if [[ $ADMIN == yes ]]; then printf 'ZK_ADMIN_PORT_%s=%s\n' "$id" "${ADMIN_PORT[$id]}"; fi
        done
    } >"$tmp"
    mv -f "$tmp" "$DIR/ensemble.env"
}

# lock_ensemble: serialise commands that change members of DIR (held until the script exits).
lock_ensemble() {
    exec 9>"$DIR/.lock"
    flock -w 60 9 || die "another $PROG command holds $DIR/.lock for over 60 s"
}

# parse_ids ARG...: validate member ids against the ensemble; sets SELECTED.
declare -a SELECTED=()
parse_ids() {
    SELECTED=()
    local arg id
    local -a parts
    for arg in "$@"; do
        IFS=',' read -r -a parts <<<"$arg"
        for id in "${parts[@]}"; do
            [[ -n $id ]] || continue
            [[ $id =~ ^[0-9]+$ ]] || usage_error "member id must be a number, got '$id'"
            [[ -n ${CLIENT_PORT[$id]:-} ]] || die "no member $id in $DIR (members: ${IDS[*]})"
            SELECTED+=("$((10#$id))")
        done
    done
}

member_pid() {
    local file="$DIR/zoo$1.pid" pid=""
    [[ -s $file ]] && read -r pid <"$file"
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    printf '%s\n' "$pid"
}

# member_state ID: running, paused or stopped. A pid counts only while its command line names this
# member's zoo.cfg, so a recycled pid is never taken for the member.
member_state() {
    local id=$1 pid stat rest
    pid=$(member_pid "$id") || { echo stopped && return; }
    local -a args=()
    read -r stat 2>/dev/null <"/proc/$pid/stat" || { echo stopped && return; }
    mapfile -d '' args 2>/dev/null <"/proc/$pid/cmdline" || { echo stopped && return; }
    # An empty command line means a zombie, or a process in the middle of execve (launch_member's
    # wrapper becoming the JVM); the state letter below tells them apart.
    if ((${#args[@]} > 0)) && [[ ${args[-1]} != "$DIR/zoo$id.cfg" ]]; then
        echo stopped && return
    fi
    rest=${stat##*) }
    case ${rest%% *} in
        Z | X | x)
            # A killed JVM's main thread turns zombie while its other threads are still exiting, and the last of
            # them closes its sockets: until then a connect is accepted and then reset, not refused. Stopped only
            # once the main thread is the last one left.
            local -a tasks=("/proc/$pid/task/"*)
            if ((${#tasks[@]} <= 1)); then echo stopped; else echo running; fi
            ;;
        T | t) echo paused ;;
        *) echo running ;;
    esac
}

# running_pids ID...: the pids of those members that still have a live process, for error messages.
running_pids() {
    local id out=""
    for id in "$@"; do
        [[ $(member_state "$id") == stopped ]] || out+="${out:+ }$(member_pid "$id")"
    done
    printf '%s\n' "$out"
}

# log_tail ID [LINES]: the end of a member's log, indented, for error messages.
log_tail() {
    local id=$1 lines=${2:-20} log="$DIR/zoo$1.log"
    printf '  --- last %s lines of %s (stack frames left out) ---\n' "$lines" "$log"
    if [[ -s $log ]]; then
        # Java stack frames crowd out the lines that say what happened; leave them to the log itself.
        grep -v -E $'^\t(at |\\.\\.\\. [0-9]+ more)' "$log" | tail -n "$lines" | sed 's/^/  | /'
    else
        printf '  | (empty)\n'
    fi
}

# shellcheck shell=bash
# zk-ensemble part: `start` — check the options, make the directory, claim ports, write configs, launch
# every member, wait until they serve — and the owner watchdog that destroys an orphaned ensemble.

# The options of `start`, besides SERVERS, OBSERVERS, WHITELIST and LEADER_SERVES (see state.sh).
START_DIR=""
START_BASE=""
START_TICK=500
START_INIT=10
START_SYNC=4
START_WAIT=30
START_OWNER=""
# yes: server.N lines end in ';127.0.0.1:clientPort' (3.5+ style); no: the classic lines without it, which
# leave a member's client address to its own clientPort= line.
START_CLIENT_ADDRESS=yes

# What a failed start has to undo.
START_OK=no
START_LAUNCHED=()
START_REGISTERED=""

cleanup_failed_start() {
    [[ $START_OK == yes ]] && return
    if ((${#START_LAUNCHED[@]} > 0)); then
        note "stopping the members started so far (their logs stay in $DIR)"
        stop_members "${START_LAUNCHED[@]}" || true
        write_env || true
    fi
    if [[ -n $START_REGISTERED ]]; then
        rm -f "$START_REGISTERED"
    fi
}

cmd_start() {
    parse_start_options "$@"
    check_start_options
    make_start_dir
    plan_members
    trap cleanup_failed_start EXIT
    exit_on_signals
    claim_ports
    lock_ensemble
    launch_all_members
    if [[ -n $START_OWNER ]]; then
        start_watchdog "$START_OWNER"
    fi
    START_OK=yes
    START_REGISTERED=""
    print_started
}

parse_start_options() {
    SERVERS=3
    OBSERVERS=0
    WHITELIST='*'
    LEADER_SERVES=yes
    ADMIN=no
    while (($# > 0)); do
        case $1 in
            --dir) need_value "$@"; START_DIR=$2; shift 2 ;;
            --servers) need_value "$@"; SERVERS=$2; shift 2 ;;
            --observers) need_value "$@"; OBSERVERS=$2; shift 2 ;;
            --base-port) need_value "$@"; START_BASE=$2; shift 2 ;;
            --whitelist) need_value "$@"; WHITELIST=$2; shift 2 ;;
            --tick) need_value "$@"; START_TICK=$2; shift 2 ;;
            --init-limit) need_value "$@"; START_INIT=$2; shift 2 ;;
            --sync-limit) need_value "$@"; START_SYNC=$2; shift 2 ;;
            --leader-serves) need_value "$@"; LEADER_SERVES=$2; shift 2 ;;
            --admin) ADMIN=yes; shift ;;
            --client-address) need_value "$@"; START_CLIENT_ADDRESS=$2; shift 2 ;;
            --wait) need_value "$@"; START_WAIT=$2; shift 2 ;;
            --owner-pid) need_value "$@"; START_OWNER=$2; shift 2 ;;
            *) usage_error "start: unknown option '$1'" ;;
        esac
    done
}

# check_start_options: usage errors first, in a fixed order, then whether java and ZooKeeper are there.
check_start_options() {
    need_count --servers "$SERVERS" 1 15
    need_count --observers "$OBSERVERS" 0 15
    need_count --tick "$START_TICK" 1 60000
    need_count --init-limit "$START_INIT" 1 1000
    need_count --sync-limit "$START_SYNC" 1 1000
    need_count --wait "$START_WAIT" 0 3600
    SERVERS=$((10#$SERVERS)) OBSERVERS=$((10#$OBSERVERS)) START_TICK=$((10#$START_TICK))
    local count=$((SERVERS + OBSERVERS))
    local span=200
    [[ $ADMIN == yes ]] && span=300
    [[ -z $START_BASE ]] || need_count --base-port "$START_BASE" 1024 $((65535 - span - count))
    [[ $LEADER_SERVES == yes || $LEADER_SERVES == no ]] ||
        usage_error "--leader-serves takes yes or no, got '$LEADER_SERVES'"
    [[ $START_CLIENT_ADDRESS == yes || $START_CLIENT_ADDRESS == no ]] ||
        usage_error "--client-address takes yes or no, got '$START_CLIENT_ADDRESS'"
    [[ $WHITELIST =~ ^[A-Za-z*,\ ]*$ ]] ||
        usage_error "--whitelist takes four-letter words separated by commas (or '*'), got '$WHITELIST'"
    if [[ -n $START_OWNER ]]; then
        if [[ ! $START_OWNER =~ ^[0-9]+$ ]] || ! kill -0 "$START_OWNER" 2>/dev/null; then
            usage_error "--owner-pid needs the pid of a running process, got '$START_OWNER'"
        fi
    fi
    java_bin >/dev/null
    zk_classpath >/dev/null
}

# make_start_dir: a new mktemp directory, or --dir when it is new or empty; sets DIR.
make_start_dir() {
    local dir=$START_DIR
    if [[ -z $dir ]]; then
        local root=${ZK_ENSEMBLE_ROOT:-${TMPDIR:-/tmp}}
        mkdir -p "$root"
        dir=$(mktemp -d "$root/zk-ensemble.XXXXXX")
    elif [[ -e $dir ]]; then
        [[ -d $dir ]] || die "--dir $dir exists and is not a directory"
        [[ ! -f $dir/ensemble.env ]] || die "$dir already holds an ensemble; destroy it first or pick another --dir"
        [[ -z $(ls -A "$dir") ]] || die "--dir $dir is not empty; pick a new or empty directory"
    else
        mkdir -p "$dir"
    fi
    DIR=$(cd "$dir" && pwd)
}

# plan_members: ids 1..SERVERS are participants, the observers' ids follow.
plan_members() {
    local id
    IDS=()
    for ((id = 1; id <= SERVERS + OBSERVERS; id++)); do
        IDS+=("$id")
        # shellcheck disable=SC2004 # ROLE is associative (state.sh): the key is the value of id.
        if ((id <= SERVERS)); then ROLE[$id]=participant; else ROLE[$id]=observer; fi
    done
    # shellcheck disable=SC2034 # write_env (state.sh) records it.
    TICK_MS=$START_TICK
}

# claim_ports: pick ports and register them under one lock, so that concurrent starts never pick the same
# ones (a registered ensemble keeps its ports even while its members are down).
claim_ports() {
    local base
    mkdir -p "$REGISTRY"
    exec 8>"$REGISTRY/.lock"
    flock -w 60 8 || die "another $PROG start holds $REGISTRY/.lock for over 60 s"
    base=$(choose_base "$START_BASE" "${#IDS[@]}")
    assign_ports "$base"
    write_env
    START_REGISTERED="$REGISTRY/$(registry_key "$DIR")"
    ln -sfn "$DIR" "$START_REGISTERED"
    flock -u 8
    exec 8>&-
}

launch_all_members() {
    local id
    for id in "${IDS[@]}"; do
        write_member_config "$id" "$START_TICK" "$START_INIT" "$START_SYNC"
    done
    for id in "${IDS[@]}"; do
        launch_member "$id"
        START_LAUNCHED+=("$id")
    done
    write_env
    if ((START_WAIT > 0)); then
        note "started ${#IDS[@]} members in $DIR; waiting up to $START_WAIT s for all of them to serve"
        wait_ready "$START_WAIT" "${IDS[@]}" || exit 1
    fi
}

print_started() {
    local id
    printf 'dir %s\n' "$DIR"
    for id in "${IDS[@]}"; do
        printf 'member %s 127.0.0.1:%s %s\n' "$id" "${CLIENT_PORT[$id]}" "${ROLE[$id]}"
    done
    printf 'connect %s\n' "$(connect_string)"
}

# start_watchdog PID: destroy the ensemble once PID exits (and stop watching once DIR is destroyed).
start_watchdog() {
    local owner=$1
    local -a session=()
    command -v setsid >/dev/null 2>&1 && session=(setsid)
    # shellcheck disable=SC2016 # the inner script expands its own arguments.
    "${session[@]}" bash -c '
        printf "%s\n" "$$" >"$1/watchdog.pid"
        while [[ -f $1/ensemble.env ]] && kill -0 "$2" 2>/dev/null; do sleep 1; done
        [[ -f $1/ensemble.env ]] && exec "$3" destroy "$1"' zk-ensemble-watchdog "$DIR" "$owner" "$SELF" \
        >/dev/null 2>&1 </dev/null 8>&- 9>&- &
}

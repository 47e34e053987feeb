# shellcheck shell=bash
# zk-ensemble part: the commands that change members of a running ensemble — stop, kill, pause, resume,
# restart — and destroy. Each takes DIR's lock first, so that two of them never act on a member at once.

cmd_stop() {
    take_dir "$@"
    shift
    parse_ids "$@"
    (($# > 0)) || SELECTED=("${IDS[@]}")
    lock_ensemble
    stop_members "${SELECTED[@]}"
    write_env
}

cmd_kill() {
    take_dir "$@"
    shift
    (($# > 0)) || usage_error "kill needs at least one member id"
    parse_ids "$@"
    lock_ensemble
    signal_members KILL "${SELECTED[@]}"
    wait_gone 5000 "${SELECTED[@]}" || die "members ${SELECTED[*]} survived SIGKILL: $(running_pids "${SELECTED[@]}")"
    forget_pids "${SELECTED[@]}"
    write_env
}

cmd_pause() {
    take_dir "$@"
    shift
    (($# > 0)) || usage_error "pause needs at least one member id"
    parse_ids "$@"
    lock_ensemble
    need_live_members pause "${SELECTED[@]}"
    signal_members STOP "${SELECTED[@]}"
    local id
    for id in "${SELECTED[@]}"; do
        wait_state "$id" paused "stop after SIGSTOP"
    done
}

cmd_resume() {
    take_dir "$@"
    shift
    (($# > 0)) || usage_error "resume needs at least one member id"
    parse_ids "$@"
    lock_ensemble
    need_live_members resume "${SELECTED[@]}"
    signal_members CONT "${SELECTED[@]}"
    local id
    for id in "${SELECTED[@]}"; do
        wait_state "$id" not-paused "continue after SIGCONT"
    done
}

# need_live_members VERB ID...: fail unless every ID has a process (running or paused).
need_live_members() {
    local verb=$1 id
    shift
    for id in "$@"; do
        [[ $(member_state "$id") != stopped ]] || die "member $id is not running; nothing to $verb"
    done
}

RESTARTING=()
cleanup_failed_restart() {
    # A member that cannot come back is not left half-started.
    ((${#RESTARTING[@]} > 0)) || return 0
    stop_members "${RESTARTING[@]}" || true
    write_env || true
}

cmd_restart() {
    take_dir "$@"
    shift
    local wait=30 args=()
    while (($# > 0)); do
        case $1 in
            --wait) need_value "$@"; wait=$2; shift 2 ;;
            -*) usage_error "restart: unknown option '$1'" ;;
            *) args+=("$1") && shift ;;
        esac
    done
    need_count --wait "$wait" 0 3600
    ((${#args[@]} > 0)) || usage_error "restart needs at least one member id"
    parse_ids "${args[@]}"
    lock_ensemble
    stop_members "${SELECTED[@]}"
    trap cleanup_failed_restart EXIT
    exit_on_signals
    local id
    for id in "${SELECTED[@]}"; do
        launch_member "$id"
        RESTARTING+=("$id")
    done
    write_env
    if ((wait > 0)); then
        for id in "${SELECTED[@]}"; do
            wait_answering "$wait" "$id" || exit 1
        done
    fi
    RESTARTING=()
}

cmd_destroy() {
    (($# == 1)) || usage_error "destroy takes only the ensemble directory"
    local dir=$1
    if [[ ! -e $dir ]]; then
        note "$dir does not exist; nothing to destroy"
        return 0
    fi
    if [[ -d $dir && ! -f $dir/ensemble.env && -z $(ls -A "$dir") ]]; then
        rmdir "$dir"
        return 0
    fi
    load_ensemble "$dir"
    lock_ensemble
    stop_members "${IDS[@]}"
    stop_watchdog
    rm -f "$REGISTRY/$(registry_key "$DIR")"
    rm -rf "$DIR"
}

# stop_watchdog: end the owner watchdog, unless it is the one destroying the ensemble (it execs us).
stop_watchdog() {
    local pid=""
    [[ -s $DIR/watchdog.pid ]] && read -r pid <"$DIR/watchdog.pid"
    if [[ $pid =~ ^[0-9]+$ && $pid != "$$" ]] && grep -qa zk-ensemble-watchdog "/proc/$pid/cmdline" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
    fi
}

# shellcheck shell=bash
# zk-ensemble part: the commands that only look — status, leader, connect, wait. They take no lock.

cmd_status() {
    take_dir "$@"
    (($# == 1)) || usage_error "status takes only the ensemble directory"
    local id state pid mode
    printf '%-4s %-12s %-16s %-8s %-8s %s\n' ID ROLE CLIENT PID STATE MODE
    for id in "${IDS[@]}"; do
        state=$(member_state "$id")
        pid=-
        mode=-
        if [[ $state != stopped ]]; then
            pid=$(member_pid "$id")
        fi
        if [[ $state == running ]]; then
            mode=$(srvr_mode "$id")
            if [[ $mode == not-serving ]] && leads_without_serving "$id"; then
                mode="leader (leaderServes=no)"
            fi
        fi
        printf '%-4s %-12s %-16s %-8s %-8s %s\n' "$id" "${ROLE[$id]}" "127.0.0.1:${CLIENT_PORT[$id]}" "$pid" \
            "$state" "$mode"
    done
}

cmd_leader() {
    take_dir "$@"
    shift
    local timeout=0
    while (($# > 0)); do
        case $1 in
            --timeout) need_value "$@"; timeout=$2; shift 2 ;;
            *) usage_error "leader: unknown argument '$1'" ;;
        esac
    done
    need_count --timeout "$timeout" 0 3600
    local deadline=$(($(now_ms) + timeout * 1000))
    while :; do
        find_leader && return 0
        (($(now_ms) < deadline)) || break
        sleep 0.2
    done
    if ((timeout > 0)); then
        die "no member of $DIR led within $timeout s"
    fi
    die "no member of $DIR leads right now"
}

cmd_connect() {
    take_dir "$@"
    (($# == 1)) || usage_error "connect takes only the ensemble directory"
    connect_string
}

cmd_wait() {
    take_dir "$@"
    shift
    local timeout=30 serving=""
    while (($# > 0)); do
        case $1 in
            --timeout) need_value "$@"; timeout=$2; shift 2 ;;
            --serving) need_value "$@"; serving=$2; shift 2 ;;
            *) usage_error "wait: unknown argument '$1'" ;;
        esac
    done
    need_count --timeout "$timeout" 0 3600
    if [[ -n $serving ]]; then
        parse_ids "$serving"
    else
        select_running
    fi
    wait_ready "$timeout" "${SELECTED[@]}" || exit 1
}

# select_running: SELECTED = every member with a process; fail when there is none.
select_running() {
    local id
    SELECTED=()
    for id in "${IDS[@]}"; do
        [[ $(member_state "$id") == stopped ]] || SELECTED+=("$id")
    done
    ((${#SELECTED[@]} > 0)) || die "no member of $DIR is running"
}

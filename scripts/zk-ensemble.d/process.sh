# shellcheck shell=bash
# zk-ensemble part: undoing what a caller hands this script — open descriptors and blocked signals — before
# any command runs, because members and the watchdog inherit both and outlive the script.

# close_inherited_fds: close every descriptor above 2 that the caller passed on (bash keeps the script
# itself on 255). Members and the watchdog outlive this script; if they held a caller's descriptor, a caller
# waiting for EOF on it would wait as long as the ensemble lives. Foundation's Process is such a caller: it
# notices the exit of its child by EOF on a socket that the child inherits.
close_inherited_fds() {
    local fd n
    for fd in "/proc/$$/fd"/*; do
        n=${fd##*/}
        if [[ $n =~ ^[0-9]+$ ]] && ((n > 2 && n != 255)); then
            exec {n}>&-
        fi
    done
}

# reset_signals "$@": a caller may hand us blocked signals (Foundation's Process spawns from Dispatch worker
# threads, which block SIGTERM, SIGINT, SIGHUP and more). Everything we start would inherit that mask, and
# neither `timeout` nor `stop` could then end it; so start over with every signal unblocked and default.
reset_signals() {
    [[ -z ${ZK_ENSEMBLE_SIGNALS_RESET:-} ]] || return 0
    local key mask=0
    while read -r key mask; do
        [[ $key == SigBlk: ]] && break
    done </proc/$$/status 2>/dev/null || return 0
    [[ $key == SigBlk: && $mask =~ [1-9a-fA-F] ]] || return 0
    env --default-signal true 2>/dev/null || return 0
    exec env --default-signal ZK_ENSEMBLE_SIGNALS_RESET=1 bash "$SELF" "$@"
}

# shellcheck shell=bash
# zk-ensemble part: asking members what they are — four-letter words over bash's /dev/tcp (no nc, no python
# needed), the Mode a member reports, who leads, and waiting until members serve.

# probe PORT WORD [TIMEOUT]: send WORD, print the reply up to EOF; exit 124 on timeout, 1 when refused.
probe() {
    # shellcheck disable=SC2016 # the inner script expands its own arguments.
    timeout "${3:-$PROBE_TIMEOUT}" bash -c \
        'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1; printf "%s" "$2" >&3; cat <&3' zk-ensemble-probe "$1" "$2" \
        2>/dev/null
}

# mode_of REPLY: the value of the Mode: line of a srvr reply, or nothing.
mode_of() {
    local line
    while IFS= read -r line; do
        if [[ $line == "Mode: "* ]]; then
            printf '%s\n' "${line#Mode: }"
            return
        fi
    done <<<"$1"
}

# srvr_mode ID [TIMEOUT]: leader, follower, observer, standalone, read-only, not-serving, not-whitelisted
# (not seen from ZooKeeper 3.5.3 on, which always allows srvr) or no-reply.
srvr_mode() {
    local reply
    reply=$(probe "${CLIENT_PORT[$1]}" srvr "${2:-$PROBE_TIMEOUT}") || true
    classify_srvr_reply "$reply"
}

# classify_srvr_reply REPLY: srvr_mode's answer for a srvr reply (apart so it can be tested without a server).
classify_srvr_reply() {
    local reply=$1 mode
    mode=$(mode_of "$reply")
    if [[ -n $mode ]]; then
        printf '%s\n' "$mode"
    elif [[ $reply == "$NOT_SERVING"* ]]; then
        echo not-serving
    elif [[ $reply == *"is not executed because it is not in the whitelist"* ]]; then
        echo not-whitelisted
    else
        echo no-reply
    fi
}

# log_peer_state ID: the last "Peer state changed" of the member's current run, from its log.
log_peer_state() {
    local log="$DIR/zoo$1.log"
    [[ -f $log ]] || return 0
    awk '/^=== zk-ensemble: starting member/ { state = "" }
         /Peer state changed: / { sub(/.*Peer state changed: /, ""); state = $0 }
         END { print state }' "$log"
}

# leads_without_serving ID: the member leads a leaderServes=no ensemble in broadcast. Such a leader answers
# srvr with "not currently serving", so only its own log tells.
leads_without_serving() {
    [[ $LEADER_SERVES == no && $(log_peer_state "$1") == "leading - broadcast" ]]
}

# is_ready ID [PROBE_TIMEOUT]: the member serves requests, or leads a leaderServes=no ensemble in broadcast.
# ZooKeeper always allows srvr, whatever 4lw.commands.whitelist says, so srvr works for every ensemble.
is_ready() {
    local mode
    mode=$(srvr_mode "$1" "${2:-$PROBE_TIMEOUT}")
    case $mode in
        leader | follower | observer | standalone | read-only) return 0 ;;
        not-serving) leads_without_serving "$1" ;;
        *) return 1 ;;
    esac
}

# find_leader: print the id of the member that leads, or fail.
find_leader() {
    local id
    for id in "${IDS[@]}"; do
        [[ $(member_state "$id") == running ]] || continue
        [[ $(srvr_mode "$id") == leader ]] && printf '%s\n' "$id" && return 0
    done
    if [[ $LEADER_SERVES == no ]]; then
        for id in "${IDS[@]}"; do
            [[ $(member_state "$id") == running ]] || continue
            if [[ $(log_peer_state "$id") == "leading - broadcast" ]]; then
                printf '%s\n' "$id" && return 0
            fi
        done
    fi
    return 1
}

# remaining_s DEADLINE_MS: seconds left until DEADLINE_MS, at least 0.2 and at most PROBE_TIMEOUT.
remaining_s() {
    local left=$(($1 - $(now_ms)))
    ((left > 200)) || left=200
    ((left < PROBE_TIMEOUT * 1000)) || left=$((PROBE_TIMEOUT * 1000))
    printf '%d.%03d\n' $((left / 1000)) $((left % 1000))
}

# wait_ready TIMEOUT ID...: wait until every ID is ready; on timeout, say why with the log tails.
wait_ready() {
    local timeout=$1 id state
    shift
    local deadline=$(($(now_ms) + timeout * 1000))
    local -a pending=()
    while :; do
        pending=()
        for id in "$@"; do
            state=$(member_state "$id")
            if [[ $state == stopped ]]; then
                printf '%s: error: member %s exited (or was stopped) while waiting for it to serve\n' "$PROG" "$id" >&2
                log_tail "$id" 30 >&2
                return 1
            fi
            is_ready "$id" "$(remaining_s "$deadline")" || pending+=("$id")
        done
        ((${#pending[@]} == 0)) && return 0
        (($(now_ms) >= deadline)) && break
        sleep 0.2
    done
    report_not_serving "$timeout" "${pending[@]}"
    return 1
}

# report_not_serving TIMEOUT ID...: after a wait timed out, what each member that does not serve answered.
report_not_serving() {
    local timeout=$1 id state answer
    shift
    printf '%s: error: after %s s, members %s of %s do not serve requests\n' "$PROG" "$timeout" "$*" "$DIR" >&2
    for id in "$@"; do
        state=$(member_state "$id")
        answer=no-reply
        if [[ $state == running ]]; then
            answer=$(srvr_mode "$id" 1)
        fi
        printf '  member %s (127.0.0.1:%s) is %s, srvr: %s\n' "$id" "${CLIENT_PORT[$id]}" "$state" "$answer" >&2
        log_tail "$id" 20 >&2
    done
}

# wait_answering TIMEOUT ID: wait until the member's client port answers ruok (quorum or not).
wait_answering() {
    local timeout=$1 id=$2
    local deadline=$(($(now_ms) + timeout * 1000)) reply
    while :; do
        [[ $(member_state "$id") != stopped ]] || break
        reply=$(probe "${CLIENT_PORT[$id]}" ruok) || true
        [[ $reply == imok* || $reply == *"not in the whitelist"* ]] && return 0
        (($(now_ms) >= deadline)) && break
        sleep 0.2
    done
    printf '%s: error: member %s (127.0.0.1:%s) did not answer within %s s; it is %s\n' "$PROG" "$id" \
        "${CLIENT_PORT[$id]}" "$timeout" "$(member_state "$id")" >&2
    log_tail "$id" 30 >&2
    return 1
}

# shellcheck shell=bash
# zk-ensemble part: settings, the usage text, and how every command reports errors and checks numbers.
# Sourced by scripts/zk-ensemble (after `set -euo pipefail`), and by scripts/tests/zk-ensemble-selftest.

# The other parts use these.
# shellcheck disable=SC2034
readonly PROG=zk-ensemble
readonly MAIN_CLASS=org.apache.zookeeper.server.quorum.QuorumPeerMain
readonly ZK_JAR=${ZK_ENSEMBLE_JAR:-/usr/share/java/zookeeper.jar}
readonly PROBE_TIMEOUT=${ZK_ENSEMBLE_PROBE_TIMEOUT:-2}
readonly STOP_TIMEOUT=${ZK_ENSEMBLE_STOP_TIMEOUT:-10}
readonly REGISTRY=${ZK_ENSEMBLE_REGISTRY:-${TMPDIR:-/tmp}/zk-ensemble.registry}
readonly NOT_SERVING='This ZooKeeper instance is not currently serving requests'
# Default ports come from below the kernel's ephemeral range and outside 21700-23999 (kept for others).
readonly AUTO_PORT_LOW=10000
readonly RESERVED_LOW=21700
readonly RESERVED_HIGH=23999

usage() {
    cat <<EOT
Usage: $PROG COMMAND [ARGS]

Runs a throwaway ZooKeeper ensemble on 127.0.0.1 (one JVM per member) for tests and experiments.

Commands:
  install                     Install ZooKeeper (Debian package 'zookeeper') and a Java runtime when missing.
  start [OPTIONS]             Write one zoo.cfg per member, start every member, wait for the quorum.
      --dir DIR               Directory for configs, data, logs, pids (default: a new mktemp directory
                              under \$ZK_ENSEMBLE_ROOT or \$TMPDIR or /tmp).
      --servers N             Voting members, 1-15 (default 3). One server runs standalone.
      --observers K           Observers, 0-15 (default 0). Their ids follow the servers'.
      --base-port P           Client port of member i is P+i, quorum port P+100+i, election port P+200+i
                              (default: a free block picked at random).
      --whitelist LIST        4lw.commands.whitelist, e.g. 'srvr,mntr' (default '*').
      --admin                 Run each member's AdminServer (HTTP) on 127.0.0.1 port P+300+i
                              (default: AdminServer off); recorded as ZK_ADMIN_PORT_i in ensemble.env.
      --tick MS               tickTime in milliseconds (default 500).
      --init-limit N          initLimit in ticks (default 10).
      --sync-limit N          syncLimit in ticks (default 4).
      --leader-serves yes|no  leaderServes (default yes).
      --client-address yes|no End server.N lines with ';127.0.0.1:PORT' (default yes; no: classic lines).
      --wait SECONDS          Wait this long for every member to serve; 0 = do not wait (default 30).
      --owner-pid PID         Destroy the ensemble when process PID exits (a safety net for test runners).
  stop DIR [ID...]            SIGTERM, then SIGKILL after ${STOP_TIMEOUT}s; all members when no ID is given.
  kill DIR ID...              SIGKILL.
  pause DIR ID...             SIGSTOP: the member keeps its sockets but answers nothing.
  resume DIR ID...            SIGCONT.
  restart DIR ID... [--wait SECONDS]
                              Stop, then start again; waits until the member answers 'ruok' (default 30).
  status DIR                  One line per member: id, role, client address, pid, state, srvr Mode.
  leader DIR [--timeout S]    Print the leader's id; keep looking for S seconds (default 0: look once).
  connect DIR                 Print the connect string 127.0.0.1:p1,127.0.0.1:p2,...
  wait DIR [--timeout S] [--serving IDS]
                              Wait until members IDS (comma-separated; default: every running member)
                              serve requests (default timeout 30).
  destroy DIR                 Stop every member and remove DIR.
  help                        Show this text.

'start' prints 'dir DIR', one 'member ID 127.0.0.1:PORT ROLE' line per member and 'connect STRING'.
Exit status: 0 success, 1 failure, 2 bad usage.
EOT
}

die() {
    printf '%s: error: %s\n' "$PROG" "$*" >&2
    exit 1
}

usage_error() {
    printf '%s: %s\n' "$PROG" "$*" >&2
    printf "Try '%s help'.\n" "$PROG" >&2
    exit 2
}

note() {
    printf '%s: %s\n' "$PROG" "$*" >&2
}

now_ms() {
    local t=${EPOCHREALTIME//[.,]/}
    printf '%s\n' "$((10#$t / 1000))"
}

# need_count OPTION VALUE MIN MAX: a whole number in [MIN, MAX] or a usage error.
need_count() {
    local option=$1 value=$2 min=$3 max=$4
    if [[ ! $value =~ ^[0-9]+$ ]] || ((10#$value < min || 10#$value > max)); then
        usage_error "$option needs a whole number from $min to $max, got '$value'"
    fi
}

# need_value OPTION "$@": a usage error unless a value follows OPTION.
need_value() {
    if (($# < 2)) || [[ $2 == --* ]]; then
        usage_error "$1 needs a value"
    fi
}

# take_dir "$@": the DIR argument shared by every command after start.
take_dir() {
    if (($# == 0)) || [[ $1 == -* ]]; then
        usage_error "$COMMAND needs the ensemble directory as its first argument"
    fi
    load_ensemble "$1"
}

# exit_on_signals: turn TERM, INT, HUP and PIPE into exits with the usual status, so that the EXIT trap of a
# command that is half-way through starting members runs and stops them.
exit_on_signals() {
    trap 'exit 143' TERM
    trap 'exit 130' INT
    trap 'exit 129' HUP
    trap 'exit 141' PIPE
}

# shellcheck shell=bash
# zk-ensemble part: choosing a free block of ports, the registry that keeps concurrent starts apart, and
# the zoo.cfg each member gets.

# used_ports: local ports of every TCP socket in this network namespace, in any state.
used_ports() {
    local line local_address
    local -a fields
    # One cat, because bash's read takes /proc files a byte at a time and each read regenerates them.
    while IFS= read -r line; do
        read -r -a fields <<<"$line"
        local_address=${fields[1]:-}
        [[ $local_address == *:* ]] || continue
        printf '%d\n' "0x${local_address##*:}"
    done < <(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null || true)
}

# reserved_ports: ports of ensembles registered by other starts (they may be stopped or still starting).
reserved_ports() {
    local link target
    [[ -d $REGISTRY ]] || return 0
    for link in "$REGISTRY"/*; do
        [[ -L $link ]] || continue
        target=$(readlink "$link")
        if [[ -f $target/ensemble.env ]]; then
            sed -n 's/^ZK_\(CLIENT\|QUORUM\|ELECTION\|ADMIN\)_PORT_[0-9]*=\([0-9]*\)$/\2/p' "$target/ensemble.env"
        else
            rm -f "$link"
        fi
    done
}

registry_key() {
    printf '%s' "$1" | cksum | cut -d ' ' -f 1
}

# block_is_free BASE COUNT: are the client, quorum and election ports (and with --admin the AdminServer
# ports, BASE+300+i) of COUNT members free?
declare -A TAKEN=()
block_is_free() {
    local base=$1 count=$2 i p admin
    for ((i = 1; i <= count; i++)); do
        admin=""
        # shellcheck disable=SC2153 # ADMIN is a global of state.sh.
        if [[ $ADMIN == yes ]]; then admin=$((base + 300 + i)); fi
        for p in $((base + i)) $((base + 100 + i)) $((base + 200 + i)) $admin; do
            ((p <= 65535)) || return 1
            [[ -z ${TAKEN[$p]:-} ]] || return 1
        done
    done
}

# choose_base REQUESTED COUNT: print a base port whose block is free (REQUESTED when given).
choose_base() {
    local requested=$1 count=$2 p
    TAKEN=()
    while read -r p; do
        if [[ -n $p ]]; then
            TAKEN[$p]=1
        fi
    done < <(used_ports && reserved_ports)
    if [[ -n $requested ]]; then
        local admin_note=""
        if [[ $ADMIN == yes ]]; then admin_note=", admin +300"; fi
        block_is_free "$requested" "$count" ||
            die "ports of --base-port $requested (client $((requested + 1))-$((requested + count)), quorum +100," \
                "election +200$admin_note) are in use on 127.0.0.1; pick another --base-port"
        printf '%s\n' "$requested"
        return
    fi
    random_free_base "$count"
}

# random_free_base COUNT: a base port, a multiple of 10 below the ephemeral range, whose block is free.
# Random rather than first-fit, so that parallel test runs rarely race for the same block.
random_free_base() {
    local count=$1 high ephemeral_low try base span=300
    # The block spans client, quorum and election ports (and AdminServer ports with --admin).
    if [[ $ADMIN == yes ]]; then span=400; fi
    read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || ephemeral_low=32768
    high=$((ephemeral_low - span))
    ((high > AUTO_PORT_LOW + 1000)) || high=32000
    for ((try = 0; try < 200; try++)); do
        base=$((AUTO_PORT_LOW + ((RANDOM << 15 | RANDOM) % ((high - AUTO_PORT_LOW) / 10)) * 10))
        ((base + span < RESERVED_LOW || base > RESERVED_HIGH)) || continue
        block_is_free "$base" "$count" && printf '%s\n' "$base" && return
    done
    die "found no free block of $((count * 3)) ports on 127.0.0.1 in $AUTO_PORT_LOW-$high; pass --base-port"
}

# assign_ports BASE: member i gets client port BASE+i, quorum port BASE+100+i, election port BASE+200+i and,
# with --admin, AdminServer port BASE+300+i.
# shellcheck disable=SC2004 # the port maps are associative (state.sh): the key is the value of id.
assign_ports() {
    local base=$1 id
    for id in "${IDS[@]}"; do
        CLIENT_PORT[$id]=$((base + id))
        QUORUM_PORT[$id]=$((base + 100 + id))
        ELECTION_PORT[$id]=$((base + 200 + id))
        if [[ $ADMIN == yes ]]; then ADMIN_PORT[$id]=$((base + 300 + id)); fi
    done
}

write_member_config() {
    local id=$1 tick=$2 init=$3 sync=$4 other
    mkdir -p "$DIR/data$id"
    printf '%s\n' "$id" >"$DIR/data$id/myid"
    {
        printf '# Member %s of a throwaway test ensemble, written by scripts/zk-ensemble.\n' "$id"
        printf 'tickTime=%s\ninitLimit=%s\nsyncLimit=%s\n' "$tick" "$init" "$sync"
        printf 'dataDir=%s\n' "$DIR/data$id"
        printf 'clientPort=%s\nclientPortAddress=127.0.0.1\n' "${CLIENT_PORT[$id]}"
        printf '4lw.commands.whitelist=%s\n' "$WHITELIST"
        if [[ $ADMIN == yes ]]; then
            printf 'admin.enableServer=true\nadmin.serverAddress=127.0.0.1\nadmin.serverPort=%s\n' "${ADMIN_PORT[$id]}"
        else
            printf 'admin.enableServer=false\n'
        fi
        ((${#IDS[@]} > 1)) && printf 'standaloneEnabled=false\n'
        [[ $LEADER_SERVES == no ]] && printf 'leaderServes=no\n'
        [[ ${ROLE[$id]} == observer ]] && printf 'peerType=observer\n'
        printf '# Speed over durability: this ensemble holds no data worth keeping.\n'
        printf 'forceSync=no\npreAllocSize=1024\n'
        for other in "${IDS[@]}"; do
            printf 'server.%s=127.0.0.1:%s:%s:%s' "$other" "${QUORUM_PORT[$other]}" "${ELECTION_PORT[$other]}" \
                "${ROLE[$other]}"
            [[ $START_CLIENT_ADDRESS == no ]] || printf ';127.0.0.1:%s' "${CLIENT_PORT[$other]}"
            printf '\n'
        done
    } >"$DIR/zoo$id.cfg"
}

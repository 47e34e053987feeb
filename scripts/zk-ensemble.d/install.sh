# shellcheck shell=bash
# zk-ensemble part: `install`, which puts Debian's zookeeper package and a Java runtime on the machine.

run_as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "installing packages needs root: run '$PROG install' as root or install sudo"
    fi
}

# apt_install PACKAGE...: apt-get update (unless the package lists are under an hour old), then install.
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install these packages by hand: $*"
    local fresh
    fresh=$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -60 -print -quit 2>/dev/null || true)
    if [[ -z $fresh ]]; then
        run_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    fi
    run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

cmd_install() {
    (($# == 0)) || usage_error "install takes no arguments"
    local missing=()
    [[ -r $ZK_JAR ]] || missing+=(zookeeper)
    command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
    if ((${#missing[@]} > 0)); then
        note "installing ${missing[*]}"
        apt_install "${missing[@]}"
    fi
    [[ -r $ZK_JAR ]] || die "ZooKeeper is still missing after install: no $ZK_JAR"
    command -v java >/dev/null 2>&1 || die "java is still missing after install"
    note "ZooKeeper $(zookeeper_version) and $(java -version 2>&1 | head -n 1) are installed"
}

# zookeeper_version: the version in the name of Debian's versioned jar link, e.g. 3.8.0.
zookeeper_version() {
    local jar name
    for jar in "$(dirname "$ZK_JAR")"/zookeeper-[0-9]*.jar; do
        name=${jar##*/zookeeper-}
        name=${name%.jar}
        if [[ $name =~ ^[0-9.]+$ ]]; then
            printf '%s\n' "$name"
            return
        fi
    done
    echo unknown
}

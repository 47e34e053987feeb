# shellcheck shell=bash
# zk-ensemble-selftest part: every file parses, and shellcheck (when installed) finds nothing.

check_syntax() {
    local file
    local -a files=("$ENTRY" "$PARTS"/*.sh "$SCRIPTS/tests/zk-ensemble-selftest" "$CHECKS"/*.sh)
    for file in "${files[@]}"; do
        run bash -n "$file"
        expect "bash -n ${file#"$SCRIPTS"/}" 0 "" ""
    done
    if ! command -v shellcheck >/dev/null 2>&1; then
        printf 'skip   shellcheck (not installed)\n'
        return
    fi
    # -x follows the entry point's `source` lines, so the parts are also checked as one program.
    run shellcheck -x "$ENTRY"
    expect "shellcheck -x zk-ensemble" 0 "" ""
    for file in "$PARTS"/*.sh "$SCRIPTS/tests/zk-ensemble-selftest" "$CHECKS"/*.sh; do
        run shellcheck -x "$file"
        expect "shellcheck ${file#"$SCRIPTS"/}" 0 "" ""
    done
}
check_syntax

#!/usr/bin/env bash
# Side-by-side dump benchmark: stock pg_dump (-Fc, -Fd -j N) against `sot-backup pg dump -Fc -j N`, on one
# NetBox-shaped database generated once and cached by name. Prints a markdown table with ratios against
# `pg_dump -Fc`. See bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

BENCH_HOST="${BENCH_HOST:-127.0.0.1}"
BENCH_PORT="${BENCH_PORT:-5432}"
BENCH_USER="${BENCH_USER:-postgres}"
BENCH_BYTES="${BENCH_BYTES:-1G}"          # COPY-text volume to generate; the database ends up ~30% larger
BENCH_SEED="${BENCH_SEED:-42}"
BENCH_DB="${BENCH_DB:-sotbench_netbox_${BENCH_BYTES}_s${BENCH_SEED}}"
BENCH_JOBS="${BENCH_JOBS:-2}"
BENCH_TOOLS="${BENCH_TOOLS:-pg_dump_fc pg_dump_fd sot_backup_fc}"
BENCH_WORK="${BENCH_WORK:-$root/bench-work}"
SOT_BUILD_DIR="${SOT_BUILD_DIR:-$root/target}"
PG_BIN="${PG_BIN:-/usr/bin}"
SOT_BACKUP="${SOT_BACKUP:-$root/bin/sot-backup}"
# The password, if the server needs one, comes from PGPASSWORD or ~/.pgpass: never from an argument.

die() { echo "pg-dump-bench: $*" >&2; exit 1; }
note() { echo "pg-dump-bench: $*" >&2; }

BENCH_DB="$(echo "$BENCH_DB" | tr 'A-Z.' 'a-z_')"
[[ "$BENCH_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DB must be a plain lower-case identifier, got '$BENCH_DB'"
[[ "$BENCH_JOBS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_JOBS must be a positive integer, got '$BENCH_JOBS'"

for tool in pg_dump pg_restore psql; do
    [[ -x "$PG_BIN/$tool" ]] || die "$PG_BIN/$tool not found (set PG_BIN to the directory holding pg_dump)"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time); the shell builtin cannot report RSS"

conninfo() { echo "host=$BENCH_HOST port=$BENCH_PORT user=$BENCH_USER dbname=$1"; }
sql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$(conninfo "$1")" -c "$2"; }

sql postgres "SELECT 1" >/dev/null 2>&1 \
    || die "cannot connect to $BENCH_USER@$BENCH_HOST:$BENCH_PORT (set BENCH_HOST/BENCH_PORT/BENCH_USER, PGPASSWORD)"

find_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"; return; fi
    local jdk
    for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
        if [[ -x "$jdk/bin/java" ]]; then echo "$jdk/bin/java"; return; fi
    done
    command -v java || die "no java found (set JAVA_HOME to a JDK >= 21)"
}

# ---- (a) the database, generated once and cached by name --------------------------------------------------
marker="sot-bench netbox-shaped bytes=$BENCH_BYTES seed=$BENCH_SEED"
existing="$(sql postgres "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database
                          WHERE datname = '$BENCH_DB'")"
if [[ "$existing" == "$marker" ]]; then
    note "using cached database $BENCH_DB"
else
    if [[ -n "$(sql postgres "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'")" ]]; then
        note "database $BENCH_DB exists without a complete-generation marker (interrupted run?); recreating it"
        sql postgres "DROP DATABASE \"$BENCH_DB\""
    fi
    shopt -s nullglob
    jars=("$SOT_BUILD_DIR"/sot-backup-*.jar)
    shopt -u nullglob
    [[ ${#jars[@]} -ge 1 && -d "$SOT_BUILD_DIR/lib" ]] \
        || die "no $SOT_BUILD_DIR/sot-backup-*.jar with lib/ beside it; build first: mvn -DskipTests package"
    java="$(find_java)"
    sql postgres "CREATE DATABASE \"$BENCH_DB\""
    note "generating $BENCH_BYTES of NetBox-shaped data into $BENCH_DB (once; later runs reuse it)"
    "$java" -cp "${jars[0]}:$SOT_BUILD_DIR/lib/*" dev.sotbackup.generator.NetboxShapedGenerator \
        --conninfo "$(conninfo "$BENCH_DB")" --bytes "$BENCH_BYTES" --seed "$BENCH_SEED" \
        || die "generation failed; the half-built database $BENCH_DB will be recreated on the next run"
    sql postgres "COMMENT ON DATABASE \"$BENCH_DB\" IS '$marker'"
fi
db_size="$(sql postgres "SELECT pg_database_size('$BENCH_DB')")"
note "database $BENCH_DB: $((db_size / 1048576)) MB"
if [[ "$BENCH_TOOLS" == none ]]; then
    note "BENCH_TOOLS=none: database ready, nothing run"
    exit 0
fi

# ---- (b) the runs ----------------------------------------------------------------------------------------------
run_dir="$BENCH_WORK/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run_dir"
# Read the big table once so that no tool pays for a cold cache the others do not.
sql "$BENCH_DB" "SELECT count(*) FROM core_objectchange" >/dev/null

declare -A label wall rss size status
order=()

# measure NAME LABEL OUTPUT COMMAND...: runs COMMAND under /usr/bin/time -v and records wall time, peak RSS,
# output size and whether pg_restore can list the archive.
measure() {
    local name="$1" what="$2" output="$3"; shift 3
    local timing="$run_dir/$name.time" log="$run_dir/$name.log"
    order+=("$name"); label[$name]="$what"
    note "running $what"
    rm -rf "$output"
    if /usr/bin/time -v -o "$timing" "$@" >"$log" 2>&1; then
        if "$PG_BIN/pg_restore" -l "$output" >/dev/null 2>>"$log"; then
            status[$name]="ok"
        else
            status[$name]="archive unreadable by pg_restore (see $log)"
        fi
    else
        status[$name]="failed, exit $? (see $log)"
    fi
    wall[$name]="$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$timing" \
        2>/dev/null || true)"
    rss[$name]="$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$timing" 2>/dev/null \
        || true)"
    if [[ -e "$output" ]]; then
        size[$name]="$(du -sb "$output" | awk '{ printf "%.1f", $1 / 1048576 }')"
    else
        size[$name]=""
    fi
}

target="$(conninfo "$BENCH_DB")"
for tool in $BENCH_TOOLS; do
    case "$tool" in
        pg_dump_fc)
            measure pg_dump_fc "pg_dump -Fc" "$run_dir/pg_dump.dump" \
                "$PG_BIN/pg_dump" -d "$target" -Fc -f "$run_dir/pg_dump.dump" ;;
        pg_dump_fd)
            measure pg_dump_fd "pg_dump -Fd -j $BENCH_JOBS" "$run_dir/pg_dump.dir" \
                "$PG_BIN/pg_dump" -d "$target" -Fd -j "$BENCH_JOBS" -f "$run_dir/pg_dump.dir" ;;
        sot_backup_fc)
            # bin/sot-backup builds the jar when sources changed: let that happen before the clock starts.
            if [[ -x "$SOT_BACKUP" ]] && ! "$SOT_BACKUP" --version >"$run_dir/sot_backup_warmup.log" 2>&1 \
                    && ! "$SOT_BACKUP" --help >>"$run_dir/sot_backup_warmup.log" 2>&1; then
                order+=(sot_backup_fc); label[sot_backup_fc]="sot-backup pg dump -Fc -j $BENCH_JOBS"
                status[sot_backup_fc]="skipped: $SOT_BACKUP does not start (see $run_dir/sot_backup_warmup.log)"
                note "${status[sot_backup_fc]}"
            elif [[ -x "$SOT_BACKUP" ]]; then
                measure sot_backup_fc "sot-backup pg dump -Fc -j $BENCH_JOBS" "$run_dir/sot-backup.dump" \
                    "$SOT_BACKUP" pg dump -d "$target" -F c -j "$BENCH_JOBS" -f "$run_dir/sot-backup.dump"
            else
                order+=(sot_backup_fc); label[sot_backup_fc]="sot-backup pg dump -Fc -j $BENCH_JOBS"
                status[sot_backup_fc]="skipped: $SOT_BACKUP not found (build with mvn -DskipTests package)"
                note "${status[sot_backup_fc]}"
            fi ;;
        *) die "unknown tool '$tool' in BENCH_TOOLS (known: pg_dump_fc pg_dump_fd sot_backup_fc)" ;;
    esac
done

# ---- (c) the table ---------------------------------------------------------------------------------------------
ratio() { # value baseline -> "x.xx" or empty
    [[ -n "$1" && -n "$2" ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b }' || true
}
base=pg_dump_fc
report="$run_dir/results.md"
{
    echo "Database \`$BENCH_DB\` ($((db_size / 1048576)) MB, NetBox-shaped, $BENCH_BYTES of COPY data) on" \
         "$BENCH_HOST:$BENCH_PORT, PostgreSQL $(sql postgres "SHOW server_version"); $(nproc) CPUs;" \
         "$("$PG_BIN/pg_dump" --version); $(date -u +%Y-%m-%dT%H:%MZ)."
    echo
    echo "| tool | wall s | peak RSS MB | output MB | time vs pg_dump -Fc | RSS vs pg_dump -Fc | size vs pg_dump -Fc | result |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    for name in "${order[@]}"; do
        echo "| ${label[$name]} | ${wall[$name]:-} | ${rss[$name]:-} | ${size[$name]:-} |" \
             "$(ratio "${wall[$name]:-}" "${wall[$base]:-}") | $(ratio "${rss[$name]:-}" "${rss[$base]:-}") |" \
             "$(ratio "${size[$name]:-}" "${size[$base]:-}") | ${status[$name]} |"
    done
} >"$report"
cat "$report"
note "results and logs in $run_dir (delete the dumps with: rm -rf $run_dir/*.dump $run_dir/*.dir)"

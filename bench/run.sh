#!/usr/bin/env bash
# Events benchmark: a throw-away PostgreSQL database with 1,000 events and 50,000
# registrations, served by gunicorn (2 sync workers, production settings, DEBUG off, no page
# cache) on 127.0.0.1: anonymous pages from the whole-page cache against a bare Django view
# (bench/bare.py, same gunicorn flags, run before and after them), then loaded with wrk
# through ../shared/bench/load.sh while signed in as a verified member, then a burst of 500
# registration POSTs over two events with limited capacity, checked for overbooking in the
# database (three rounds; the median is reported). Last, the scale benchmark
# (bench/scale.py): every main page on the demo and on a grown network, page by page.
#
#   bench/run.sh                    # from the repository root (or anywhere: it cds there)
#   BENCH_PORT=8765 BENCH_SECONDS=15 BENCH_CONNECTIONS=16 BENCH_BURST_CONCURRENCY=16 \
#       BENCH_BURST_ROUNDS=3 bench/run.sh
#   BENCH_ANONYMOUS_ONLY=1 bench/run.sh   # only the anonymous pages and the bare view
#   BENCH_DB=name bench/run.sh            # the throw-away database's name
#   BENCH_SCALE=0 bench/run.sh            # without the scale benchmark (its last step)
#
# Needs: .venv (make install), PostgreSQL on 127.0.0.1:5432 (user postgres, trust), wrk
# (installed with apt-get when missing and run as root). The cache is a throw-away Redis as in
# production when redis-server is installed, else the database cache. Results go to
# bench/results/<UTC time>/ (git-ignored): anonymous.tsv (SQL per cached page),
# anonymous-load.tsv (wrk, with each page's ratio to the bare view), queries.tsv (SQL per
# page), load.tsv (wrk),
# cpu.tsv (server CPU per request), burst.tsv and burst.json, targets.json, uptime.txt,
# speed.txt (how fast the shared cores were, bench/speed.py),
# cache.txt, gunicorn.log, scale.json, scale.md and scale.log (bench/scale.py), verdict.tsv
# (each target met or not, bench/verdict.py). The database is dropped, gunicorn and Redis stopped on exit.
# Every step has a time limit, and a watchdog stops the run after 22 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)
port=${BENCH_PORT:-8765}
seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-16}
burst_concurrency=${BENCH_BURST_CONCURRENCY:-16}
burst_rounds=${BENCH_BURST_ROUNDS:-3}
anonymous_only=${BENCH_ANONYMOUS_ONLY:-0}
scale=${BENCH_SCALE:-1}
scale_redis_port=${BENCH_SCALE_REDIS_PORT:-$((port + 3))}
pg_host=127.0.0.1
pg_port=5432
db=${BENCH_DB:-muutostuki_bench_$$}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$repo/bench/results/$stamp"
py="$repo/.venv/bin/python"
load_sh=${BENCH_LOAD_SH:-"$repo/../shared/bench/load.sh"}
base="http://127.0.0.1:$port"

fail() { echo "bench/run.sh: $*" >&2; exit 1; }
step() { printf '\n=== %s (%s)\n' "$*" "$(uptime | sed 's/.*load average/load average/')"; }

# --- preconditions ------------------------------------------------------------------------
if [ ! -x "$py" ] || [ ! -x "$repo/.venv/bin/gunicorn" ]; then
    fail "no .venv with gunicorn here; run 'make install' first"
fi
[ -f "$load_sh" ] \
    || fail "the shared load script $load_sh is missing (it lives in shared/bench/ beside the repository)"
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "wrk not found: installing Debian's package"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null \
            || fail "apt-get could not install wrk"
    else
        fail "wrk is not installed and this is not root with apt-get: apt-get install wrk"
    fi
fi
pg_isready -h "$pg_host" -p "$pg_port" -t 5 >/dev/null 2>&1 \
    || fail "PostgreSQL is not reachable on $pg_host:$pg_port"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is in use; choose another with BENCH_PORT"
fi

mkdir -p "$results"
work=$(mktemp -d /tmp/muutostuki-bench.XXXXXX)
gunicorn_pid=""
bare_pid=""
redis_pid=""
# A watchdog stops the run after 22 minutes, once the step in progress (itself time-limited)
# returns; the trap still cleans up. A normal run takes 4–7 minutes, and the scale step
# 4–6 more.
(
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    sleep 1320 &
    nap=$!
    wait "$nap"
    echo "bench/run.sh: time limit reached, stopping" >&2
    kill -TERM $$
) &
watchdog_pid=$!

cleanup() {
    local status=$?
    kill "$watchdog_pid" 2>/dev/null || true
    if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$gunicorn_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$gunicorn_pid" 2>/dev/null || true
    fi
    if [ -n "$bare_pid" ]; then
        kill -TERM "$bare_pid" 2>/dev/null || true
        wait "$bare_pid" 2>/dev/null || true
    fi
    if [ -n "$redis_pid" ]; then
        kill -TERM "$redis_pid" 2>/dev/null || true
        wait "$redis_pid" 2>/dev/null || true
    fi
    for name in "$db" "${db}_scale" "${db}_scale_demo"; do
        psql -h "$pg_host" -p "$pg_port" -U postgres -d postgres -q \
            -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Production settings with DEBUG off; plain http on loopback; a fresh secret per run;
# tasks queued in the database as in production (no worker runs: mail is not measured).
export DJANGO_SETTINGS_MODULE=portal.settings.production
export DEBUG=0
export SECRET_KEY
SECRET_KEY=$("$py" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=127.0.0.1
export PORTAL_SSL_REDIRECT=0
export DATABASE_URL="postgres://postgres@$pg_host:$pg_port/$db"
export PORTAL_TASK_BACKEND=database
export PORTAL_BASE_URL="$base"
export PORTAL_DATA_DIR="$work/data"
export STATIC_ROOT="$work/static"
export PYTHONDONTWRITEBYTECODE=1
unset REDIS_URL

step "Cache"
if command -v redis-server >/dev/null 2>&1; then
    redis_port=$((port + 1))
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
        --dir "$work" --logfile "$work/redis.log" &
    redis_pid=$!
    for _ in $(seq 1 20); do
        redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
        sleep 0.5
    done
    kill -0 "$redis_pid" 2>/dev/null || fail "redis-server did not start on port $redis_port"
    export REDIS_URL="redis://127.0.0.1:$redis_port/0"
    echo "Redis on 127.0.0.1:$redis_port (as in production)" | tee "$results/cache.txt"
else
    echo "redis-server not installed: the database cache (one SQL query per cache read)" \
        | tee "$results/cache.txt"
fi

step "Database $db"
psql -h "$pg_host" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE DATABASE $db"
# The cache table first: with the database cache, migrate's post-migrate receivers use it.
timeout 60 "$py" manage.py createcachetable
timeout 240 "$py" manage.py migrate --no-input -v0

step "Seed 1,000 events and 50,000 registrations"
timeout 240 "$py" -m bench.seed --targets "$results/targets.json"
target() { "$py" -c "import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$results/targets.json" "$1"; }
index_url=$(target index_url)
event_url=$(target event_url)
feed_url=$(target feed_url)
member_id=$(target member_id)

step "Collect static files"
timeout 120 "$py" manage.py collectstatic --no-input -v0

step "Start gunicorn on $base"
"$repo/.venv/bin/gunicorn" portal.wsgi -w 2 -k sync -b "127.0.0.1:$port" \
    --no-control-socket --log-file "$results/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 1 60); do
    curl -fs --max-time 5 -o /dev/null "$base/health/" && break
    kill -0 "$gunicorn_pid" 2>/dev/null || fail "gunicorn exited; see $results/gunicorn.log"
    sleep 1
done
curl -fs --max-time 5 -o /dev/null "$base/health/" || fail "gunicorn did not answer on $base/health/"

bare_port=$((port + 2))
bare_base="http://127.0.0.1:$bare_port"
"$repo/.venv/bin/gunicorn" bench.bare -w 2 -k sync -b "127.0.0.1:$bare_port" \
    --no-control-socket --log-file "$results/gunicorn-bare.log" &
bare_pid=$!
for _ in $(seq 1 30); do
    curl -fs --max-time 5 -o /dev/null "$bare_base/" && break
    sleep 1
done
curl -fs --max-time 5 -o /dev/null "$bare_base/" || fail "the bare view did not answer on $bare_base/"

step "Anonymous pages: stored, then from the cache without SQL (Django test client)"
timeout 120 "$py" -m bench.anonymous --targets "$results/targets.json" | tee "$results/anonymous.tsv"
mapfile -t anonymous_paths < <("$py" -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["anonymous"].values()))' "$results/targets.json")
for path in "${anonymous_paths[@]}"; do  # each worker stores nothing itself: warm its copy
    for _ in 1 2 3 4; do
        curl -fs --max-time 30 -o /dev/null "$base$path" || fail "GET $path failed"
    done
done

step "Load: bare view, anonymous cached pages, bare view again (${seconds}s each, $connections connections)"
echo "speed before: $("$py" -m bench.speed) ms (bench/speed.py; lower is faster)" \
    | tee "$results/speed-anonymous.txt"
{
    timeout $((seconds + 60)) bash "$load_sh" -l bare -d "$seconds" -c "$connections" \
        "$bare_base" / | tail -n 1
    for path in "${anonymous_paths[@]}"; do
        timeout $((seconds + 60)) bash "$load_sh" -l cached -d "$seconds" -c "$connections" \
            "$base" "$path" | tail -n 1
    done
    timeout $((seconds + 60)) bash "$load_sh" -l bare -d "$seconds" -c "$connections" \
        "$bare_base" / | tail -n 1
} > "$work/anonymous-load.tsv"
# Each page as a share of the bare view's requests per second (the mean of its two runs).
awk -F'\t' 'BEGIN{OFS="\t"; print "label", "path", "req/s", "p50_ms", "p99_ms", "non2xx", "requests", "sock_errors", "of_bare"}
    {rows[NR] = $0; if ($1 == "bare") {bare += $3; n++}}
    END{b = bare / n; for (i = 1; i <= NR; i++) {split(rows[i], f, "\t"); print rows[i], sprintf("%.0f%%", 100 * f[3] / b)}}' \
    "$work/anonymous-load.tsv" > "$results/anonymous-load.tsv"
column -t -s "$(printf '\t')" "$results/anonymous-load.tsv"

if [ "$anonymous_only" = 1 ]; then
    step "Targets (bench/verdict.py)"
    "$py" -m bench.verdict "$results"
    step "Done (anonymous only): results in bench/results/$stamp"
    exit 0
fi

step "SQL queries per page (Django test client, signed in)"
timeout 120 "$py" -m bench.queries --targets "$results/targets.json" | tee "$results/queries.tsv"

cookie=$(timeout 60 "$py" -m bench.session "$member_id")
for path in "$index_url" "$event_url" "$feed_url"; do  # each worker imports and warms up
    for _ in 1 2 3 4; do
        curl -fs --max-time 30 -o /dev/null -H "Cookie: $cookie" "$base$path" \
            || fail "GET $path failed while signed in"
    done
done

step "Load: event index, event page, public feed (${seconds}s each, $connections connections)"
# Per path: a 3-second warm-up run (discarded), then the measured run with the server's CPU
# time (gunicorn, the database's PostgreSQL backends, Redis) read before it and after the
# server has drained; the server also serves the request each connection had in flight when
# wrk stopped, so the CPU time is divided by requests + connections.
cpu() { "$py" -m bench.cpu "$gunicorn_pid" "$db" "$redis_pid"; }
# Wait (at most 20 s) until the server has finished the requests still queued when wrk stopped.
settle() {
    local a b
    a=$(cpu)
    for _ in $(seq 1 20); do
        sleep 1
        b=$(cpu)
        awk -v a="$a" -v b="$b" 'BEGIN{exit !(b - a < 0.05)}' && break
        a=$b
    done
}
uptime > "$results/uptime.txt"
echo "speed before the load: $("$py" -m bench.speed) ms (bench/speed.py; lower is faster)" \
    | tee "$results/speed.txt"
printf 'label\tpath\treq/s\tp50_ms\tp99_ms\tnon2xx\trequests\tsock_errors\n' > "$results/load.tsv"
printf 'path\treq/s\tp50_ms\tp99_ms\tnon2xx\trequests\tcpu_ms/req\tmax_req/s_2cores\n' \
    > "$results/cpu.tsv"
for path in "$index_url" "$event_url" "$feed_url"; do
    timeout 60 bash "$load_sh" -l warm-up -d 3 -w 0 -c "$connections" -H "Cookie: $cookie" \
        "$base" "$path" >/dev/null
    settle
    before=$(cpu)
    line=$(timeout $((seconds + 60)) bash "$load_sh" -l portal -d "$seconds" -w 0 \
        -c "$connections" -H "Cookie: $cookie" "$base" "$path" | tail -n 1)
    settle
    after=$(cpu)
    printf '%s\t%s\t%s\n' "$path" "$before" "$after" >> "$results/cpu-seconds.txt"
    printf '%s\n' "$line" >> "$results/load.tsv"
    printf '%s\n' "$line" | awk -F'\t' -v b="$before" -v a="$after" -v n="$connections" \
        'BEGIN{OFS="\t"} $7 > 0 {c = (a - b) * 1000 / ($7 + n); print $2, $3, $4, $5, $6, $7, sprintf("%.1f", c), sprintf("%.0f", 2000 / c)}' \
        >> "$results/cpu.tsv"
done
uptime >> "$results/uptime.txt"
column -t -s "$(printf '\t')" "$results/cpu.tsv"

step "Burst: 500 registrations over 2 events ($burst_concurrency parallel connections, $burst_rounds rounds)"
burst_status=0
timeout 240 "$py" -m bench.burst --targets "$results/targets.json" --base "$base" \
    --concurrency "$burst_concurrency" --rounds "$burst_rounds" --out "$results/burst.json" \
    --gunicorn-pid "$gunicorn_pid" ${redis_pid:+--extra-pid "$redis_pid"} | tee "$results/burst.tsv" \
    || burst_status=$?
uptime >> "$results/uptime.txt"
echo "speed after the burst: $("$py" -m bench.speed) ms" | tee -a "$results/speed.txt"

if [ "$scale" = 1 ]; then
    step "Scale: the demo against a grown network, page by page (bench/scale.py)"
    timeout 720 "$py" -m bench.scale --runs 11 --database "${db}_scale" \
        --redis-port "$scale_redis_port" --out "$results/scale.json" \
        2>"$results/scale.log" | tee "$results/scale.md" \
        || echo "bench/run.sh: the scale benchmark failed (see $results/scale.log)" >&2
fi

step "Targets (bench/verdict.py)"
"$py" -m bench.verdict "$results" || true
step "Done: results in bench/results/$stamp"
cat "$results/uptime.txt" "$results/speed.txt"
[ "$burst_status" -eq 0 ] || fail "the burst found problems (see $results/burst.json)"

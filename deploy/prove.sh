#!/usr/bin/env bash
# Stand up the production set-up of deploy/ on this machine and prove that it works:
# a throw-away PostgreSQL database, a throw-away Redis, nginx with deploy/nginx/muutostuki.conf
# on loopback ports (TLS with a throw-away certificate), two gunicorn instances and two task
# workers started with the commands of deploy/systemd/, and a local SMTP sink; then the eight
# proofs of deploy/prove.py, each printed with its result. Everything it starts is stopped,
# the databases dropped and the temporary folder removed, also when a proof fails or the time
# runs out. Exits non-zero when any proof fails.
#
#   deploy/prove.sh              # from anywhere; `make prove` does the same
#
# Needs: .venv (make install), PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth),
# redis-server, openssl, Chromium at /usr/bin/chromium (bin/install-browser) and nginx: Debian's
# package is installed with apt-get when missing and this runs as root. Ports 8311-8349 on
# 127.0.0.1 must be free. PROVE_TIME_LIMIT (seconds, default 900) bounds the whole run.
set -euo pipefail

cd "$(dirname "$0")/.."
py=.venv/bin/python
limit=${PROVE_TIME_LIMIT:-900}

fail() { echo "deploy/prove.sh: $*" >&2; exit 1; }

[ -x "$py" ] && [ -x .venv/bin/gunicorn ] || fail "no .venv with gunicorn; run 'make install' first"
command -v redis-server >/dev/null 2>&1 || fail "redis-server is not installed (apt-get install redis-server)"
command -v openssl >/dev/null 2>&1 || fail "openssl is not installed"
command -v pg_dump >/dev/null 2>&1 || fail "the PostgreSQL client tools are not installed"
[ -x /usr/bin/chromium ] || fail "no Chromium at /usr/bin/chromium (bin/install-browser)"
pg_isready -h 127.0.0.1 -p 5432 -t 5 >/dev/null 2>&1 || fail "PostgreSQL is not reachable on 127.0.0.1:5432"

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "nginx not found: installing Debian's package"
        # The package must not start its own nginx on port 80.
        created_policy=""
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
            chmod +x /usr/sbin/policy-rc.d
            created_policy=1
        fi
        status=0
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends nginx) >/dev/null || status=$?
        [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
        [ "$status" -eq 0 ] || fail "apt-get could not install nginx"
    else
        fail "nginx is not installed and this is not root with apt-get: apt-get install nginx"
    fi
fi

# The driver stops everything it started on TERM; KILL follows if it does not within 60 s.
exec timeout --signal=TERM --kill-after=60 "$limit" "$py" deploy/prove.py

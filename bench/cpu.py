"""CPU time used by the benchmark's server side: the gunicorn master and workers, the
PostgreSQL backends of the benchmark database, and Redis when it serves as the cache.

    python -m bench.cpu GUNICORN_PID DATABASE [EXTRA_PID ...]

prints the seconds used so far. Taken before and after a load run, the difference divided
by the requests served is the CPU cost of one request, which the other engineers' processes
on the shared cores do not inflate much (unlike requests per second). Two cores then serve at
most `2 / cost` requests per second. Linux only (reads /proc).
"""

import os
import sys
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process, None when it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def server_cpu_seconds(gunicorn_pid: int, database: str, extra_pids=()) -> float:
    """CPU seconds of gunicorn (master and workers), the database's backends and extras."""
    total = 0.0
    marker = f" {database} ".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        stat = _stat(pid)
        if stat is None:
            continue
        parent, seconds = stat
        if pid == gunicorn_pid or parent == gunicorn_pid or pid in extra_pids:
            total += seconds
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if cmdline.startswith(b"postgres: ") and marker in cmdline:
            total += seconds
    return total


def main() -> None:
    args = sys.argv[1:]
    if len(args) < 2 or not args[0].isdigit():
        raise SystemExit(
            "usage: python -m bench.cpu GUNICORN_PID DATABASE [EXTRA_PID ...]"
        )
    extra = [int(pid) for pid in args[2:] if pid.isdigit()]
    seconds = server_cpu_seconds(int(args[0]), args[1], extra)
    sys.stdout.write(f"{seconds:.2f}\n")


if __name__ == "__main__":
    main()

"""How fast the shared cores are right now: a fixed pure-Python workload, timed.

    python -m bench.speed

Prints the CPU milliseconds of one round (the best of five). The same workload took from
50 to 108 ms on one machine within an hour, with nothing else of ours running: the cores are
shared, and their speed moves requests per second by as much. Taken before and after a
benchmark, it tells whether two runs' figures can be compared.
"""

import sys
import time

ROUND_ITEMS = 200_000


def one_round() -> int:
    table = {}
    for n in range(ROUND_ITEMS):
        table[str(n)] = n * 2
    return sum(table.values())


def best_of(rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        one_round()
        best = min(best, time.process_time() - started)
    return best * 1000


if __name__ == "__main__":
    sys.stdout.write(f"{best_of():.1f}\n")

"""The issue's targets against a `bench/run.sh` run's results, each figure as a share of
the bare Django view measured in the same run (the mean of its two runs).

    python -m bench.verdict bench/results/<UTC time>

Prints one row per target (and writes `verdict.tsv` beside the results): what was
measured, its share of the bare view, the target and whether it is met; for the scale
benchmark's pages (`scale.json`), the grown network's time as a ratio to the demo's. An
anonymous-only run has only the anonymous rows.
"""

import csv
import json
import sys
from pathlib import Path

#: Shares of the bare view's requests per second (docs/performance.md, "Targets").
ANONYMOUS_SHARE = 0.50
SIGNED_IN_SHARE = 0.02
BURST_SHARE = 0.04
SIGNED_IN_QUERIES = 6
#: The grown network's time as a ratio to the demo's (`bench.scale.TARGET_RATIO`).
SCALE_RATIO = 1.5


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="") as tsv:
        return list(csv.DictReader(tsv, delimiter="\t"))


def verdict(results: Path) -> list[tuple[str, str, str, str, bool]]:
    anonymous = _rows(results / "anonymous-load.tsv")
    bare_runs = [float(row["req/s"]) for row in anonymous if row["label"] == "bare"]
    if not bare_runs:
        raise SystemExit(f"no bare view runs in {results}/anonymous-load.tsv")
    bare = sum(bare_runs) / len(bare_runs)
    rows = []

    def share(value: float, target: float, name: str, unit: str, extra: str = ""):
        rows.append(
            (
                name,
                f"{value:.1f} {unit}{extra}",
                f"{value / bare:.1%}",
                f">= {target:.0%} ({target * bare:.0f} {unit})",
                value / bare >= target,
            )
        )

    cached_queries = {
        row["path"]: row for row in _rows(results / "anonymous.tsv") if "path" in row
    }
    for row in anonymous:
        if row["label"] != "cached":
            continue
        found = cached_queries.get(row["path"], {})
        ok_sql = found.get("queries") == "0" and found.get("cache") == "hit"
        share(float(row["req/s"]), ANONYMOUS_SHARE, f"anonymous {row['path']}", "req/s")
        if not ok_sql:
            rows[-1] = (*rows[-1][:4], False)
    queries = {
        row["path"]: int(row["queries"]) for row in _rows(results / "queries.tsv")
    }
    targets = results / "targets.json"
    urls = json.loads(targets.read_text()) if targets.exists() else {}
    for row in _rows(results / "load.tsv"):
        if row["path"] not in (urls.get("index_url"), urls.get("event_url")):
            continue
        count = queries.get(row["path"])
        share(
            float(row["req/s"]),
            SIGNED_IN_SHARE,
            f"signed in {row['path']}",
            "req/s",
            f", {count} queries",
        )
        if count is None or count > SIGNED_IN_QUERIES:
            rows[-1] = (*rows[-1][:4], False)
    burst_file = results / "burst.json"
    if burst_file.exists():
        burst = json.loads(burst_file.read_text())
        clean = (
            not burst["errors"] and not burst["overbooked"] and not burst["problems"]
        )
        share(
            burst["registrations_per_second"],
            BURST_SHARE,
            "registration burst (median round)",
            "reg/s",
            f", {burst['errors']} errors, {burst['overbooked']} overbooked",
        )
        if not clean:
            rows[-1] = (*rows[-1][:4], False)
    rows.extend(scale_rows(results / "scale.json"))
    return [
        ("bare view (mean of two runs)", f"{bare:.0f} req/s", "100%", "", True),
        *rows,
    ]


def scale_rows(path: Path) -> list[tuple[str, str, str, str, bool]]:
    """The scale target per page (`bench.scale`): the grown network's median time as a
    ratio to the demo's, and the same query count."""
    if not path.exists():
        return []
    return [
        (
            f"scale: {row['page']}",
            f"{row['ms']} ms, {row['queries']} queries",
            f"{row['ratio']:.2f}x",
            f"<= {SCALE_RATIO}x, same queries",
            bool(row["met"]),
        )
        for row in json.loads(path.read_text())["rows"]
    ]


def main() -> None:
    results = Path(sys.argv[1])
    rows = verdict(results)
    header = ("target", "measured", "of bare", "wanted", "met")
    with (results / "verdict.tsv").open("w", newline="") as tsv:
        writer = csv.writer(tsv, delimiter="\t")
        writer.writerow(header)
        writer.writerows((*row[:4], "yes" if row[4] else "no") for row in rows)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        met = row[4] if isinstance(row[4], str) else ("yes" if row[4] else "NO")
        cells = (
            str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)
        )
        sys.stdout.write("  ".join(cells) + f"  {met}\n")


if __name__ == "__main__":
    main()

"""`bench.verdict`: each target of a run against the bare view of the same run."""

import json

from bench.verdict import verdict

HEADER = "label\tpath\treq/s\tp50_ms\tp99_ms\tnon2xx\trequests\tsock_errors"


def write_run(tmp_path, *, cached_rps=2600.0, index_queries=5, overbooked=0):
    (tmp_path / "anonymous-load.tsv").write_text(
        f"{HEADER}\tof_bare\n"
        "bare\t/\t5200\t2\t3\t0\t1\t0\t104%\n"
        f"cached\t/fi/\t{cached_rps}\t4\t7\t0\t1\t0\t52%\n"
        "bare\t/\t4800\t2\t3\t0\t1\t0\t96%\n"
    )
    (tmp_path / "anonymous.tsv").write_text(
        "page\tpath\tstatus\tcache\tqueries\nhome\t/fi/\t200\thit\t0\n"
    )
    (tmp_path / "queries.tsv").write_text(
        "page\tpath\tstatus\tqueries\tms\tbudget\n"
        f"event index\t/fi/tapahtumat/\t200\t{index_queries}\t16\tok\n"
    )
    (tmp_path / "load.tsv").write_text(
        f"{HEADER}\nportal\t/fi/tapahtumat/\t120\t130\t180\t0\t1800\t0\n"
        "portal\t/fi/events/feed.ics\t250\t60\t80\t0\t3800\t0\n"
    )
    (tmp_path / "targets.json").write_text(
        json.dumps({"index_url": "/fi/tapahtumat/", "event_url": "/fi/x/"})
    )
    (tmp_path / "burst.json").write_text(
        json.dumps(
            {
                "registrations_per_second": 210.0,
                "errors": 0,
                "overbooked": overbooked,
                "problems": [],
            }
        )
    )
    return tmp_path


def met(rows) -> dict[str, bool]:
    return {row[0]: row[4] for row in rows}


def test_every_figure_is_a_share_of_the_bare_views_mean(tmp_path):
    rows = verdict(write_run(tmp_path))

    assert rows[0][1] == "5000 req/s"
    assert met(rows) == {
        "bare view (mean of two runs)": True,
        "anonymous /fi/": True,  # 52 % of 5,000
        "signed in /fi/tapahtumat/": True,  # 2.4 %, 5 queries
        "registration burst (median round)": True,  # 4.2 %
    }
    assert [row[2] for row in rows[1:]] == ["52.0%", "2.4%", "4.2%"]


def test_a_target_is_missed_below_its_share_or_with_too_many_queries_or_overbooking(
    tmp_path,
):
    rows = verdict(
        write_run(tmp_path, cached_rps=2400.0, index_queries=7, overbooked=1)
    )

    assert met(rows) == {
        "bare view (mean of two runs)": True,
        "anonymous /fi/": False,
        "signed in /fi/tapahtumat/": False,
        "registration burst (median round)": False,
    }


def test_scale_pages_are_met_within_their_ratio_and_with_the_same_queries(tmp_path):
    from bench.scale import TARGET_RATIO
    from bench.verdict import SCALE_RATIO

    run = write_run(tmp_path)
    pages = [
        ("member: event index", "3 → 3", 1.36, True),
        ("staff: admin: event pages", "33 → 33", 2.1, False),
        ("anonymous: event index, page 2", "5 → 3", 0.9, False),
    ]
    (run / "scale.json").write_text(
        json.dumps(
            {
                "rows": [
                    {"page": page, "queries": q, "ms": "10 → 12", "ratio": r, "met": m}
                    for page, q, r, m in pages
                ]
            }
        )
    )

    rows = verdict(run)

    assert SCALE_RATIO == TARGET_RATIO
    scale = {row[0]: row for row in rows if row[0].startswith("scale: ")}
    assert {name: row[4] for name, row in scale.items()} == {
        "scale: member: event index": True,
        "scale: staff: admin: event pages": False,
        "scale: anonymous: event index, page 2": False,
    }
    assert scale["scale: member: event index"][2] == "1.36x"

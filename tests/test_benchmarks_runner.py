"""The benchmark runner's command line and report printing (no benchmark is run)."""

import argparse
import json
import sys
import types

import pytest

from benchmarks import BENCHMARKS, Benchmark
from benchmarks.__main__ import main
from benchmarks._report import Report, Timing, emit, percentile


def test_help_lists_every_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "rest" in out
    assert "all" in out


def test_unknown_benchmark_fails_with_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["nope"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "unknown benchmark 'nope'" in err
    assert "rest" in err


def test_report_prints_figures_beside_their_anchor_as_table_or_json() -> None:
    desk = Timing.of([0.010, 0.012, 0.011, 0.030], wall_seconds=0.063)
    report = Report(
        name="demo",
        title="demo: a figure and its anchor",
        columns=[("case", "case"), ("desk_ms", "desk ms"), ("bare_ms", "bare ms")],
        rows=[{"case": "one", "desk_ms": desk.median_ms, "bare_ms": 1.5}],
    )
    table = emit([report], as_json=False)
    assert "desk ms" in table
    assert "bare ms" in table
    assert "11.50" in table
    parsed = json.loads(emit([report], as_json=True))
    assert parsed["rows"][0]["desk_ms"] == pytest.approx(11.5)


def test_p99_is_the_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.99) == 99.0
    assert percentile(samples, 0.5) == 50.0
    assert percentile([7.0], 0.99) == 7.0


def test_screen_pop_rows_put_the_pop_beside_its_anchors() -> None:
    from benchmarks.screen_pop import Sample, summarise

    # webhook 10 ms, stream 20 ms, pop 30..49 ms after t0
    samples = [Sample(webhook=0.010, sse=0.020, pop=(30 + n) / 1000) for n in range(20)]
    row = summarise("cached", samples)
    assert row["samples"] == 20
    assert row["webhook_p50_ms"] == pytest.approx(10.0)
    assert row["sse_p95_ms"] == pytest.approx(20.0)
    assert row["pop_p50_ms"] == pytest.approx(39.5)
    assert row["pop_p95_ms"] == pytest.approx(48.0)  # nearest rank: the 19th of 20
    assert row["pop_max_ms"] == pytest.approx(49.0)
    assert row["p50_x_webhook"] == pytest.approx(3.95)
    assert row["desk_p50_ms"] == pytest.approx(19.5)  # what the desk adds after the stream


def test_each_benchmark_seeds_its_own_number_of_customers_unless_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, int] = {}
    for name, customers in (("small", 10_000), ("large", 1_000_000)):
        module = types.ModuleType(f"fake_{name}")

        def run(options: argparse.Namespace, name: str = name) -> Report:
            seen[name] = options.customers
            row = {"customers": options.customers}
            return Report(name=name, title=name, columns=[("customers", "customers")], rows=[row])

        module.run = run  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, module.__name__, module)
        benchmark = Benchmark(name, module.__name__, name, customers=customers)
        monkeypatch.setitem(BENCHMARKS, name, benchmark)
    main(["small"])
    main(["large"])
    assert seen == {"small": 10_000, "large": 1_000_000}
    main(["large", "--customers", "5"])
    assert seen["large"] == 5
    assert BENCHMARKS["lookup"].customers == 1_000_000
    capsys.readouterr()


def test_lookup_reports_the_desk_beside_raw_fts5_on_a_small_cache() -> None:
    from benchmarks import lookup

    report = lookup.measure(customers=2_000, queries=100, server=False)
    whole = json.loads(emit([report], as_json=True))["rows"][0]
    for key in ("desk_p50_ms", "desk_p95_ms", "fts5_p50_ms", "fts5_p95_ms", "rss_mb"):
        assert whole[key] > 0, key
    assert whole["customers"] == 2_000
    assert whole["queries"] == 100
    assert whole["desk_found_pct"] > 80  # the queries are typed from cached customers
    assert whole["server_p95_ms"] is None  # the server part was left out
    assert [row["kind"] for row in json.loads(emit([report], as_json=True))["rows"]] == [
        "all",
        *lookup.KINDS,
    ]

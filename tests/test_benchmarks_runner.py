"""The benchmark runner's command line and report printing (no benchmark is run)."""

import json

import pytest

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

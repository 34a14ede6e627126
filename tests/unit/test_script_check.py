"""The script checker and ``desk scripts check``: every problem, each at its file and line."""

from pathlib import Path

import pytest

from desk_app.cli import main
from desk_app.domain.scripts.check import Problem, check
from desk_app.domain.scripts.source import RESOURCES, SourceError, read_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"
SHIPPED = sorted((RESOURCES / "scripts").glob("*.yaml"))


def _script(*steps: dict[str, object], **fields: object) -> dict[str, object]:
    return {"key": "k", "title": "T", "category": "returns", "steps": list(steps), **fields}


def test_every_shipped_script_passes_and_the_command_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert len(SHIPPED) >= 7
    assert main(["scripts", "check", *map(str, SHIPPED)]) == 0
    assert capsys.readouterr().out == f"{len(SHIPPED)} file(s) checked, no problems\n"


def test_broken_fixtures_give_each_problem_at_its_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    names = ["dangling.yaml", "duplicate.yaml", "loop.yaml", "malformed.yaml", "unreachable.yaml"]
    assert main(["scripts", "check", *names]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "dangling.yaml:7: steps[0].say: unknown variable {company} (did you mean {company.name}?)",
        "dangling.yaml:11: steps[0].choices[1].next: names no step: 'nowhere'",
        "loop.yaml:12: steps[1]: no end can be reached from step 'ask' (a loop with no exit)",
        "loop.yaml:15: steps[2]: no end can be reached from step 'again' (a loop with no exit)",
        "malformed.yaml:6: not valid YAML: expected ',' or ']', but got ':'",
        "unreachable.yaml:2: key: 'broken_order' is also the key of duplicate.yaml",
        "unreachable.yaml:6: suggest[0].when.parcel_late: unknown condition 'parcel_late' "
        "(known: category, channel, vip, shipment_delayed, invoice_overdue, repeat_contact)",
        "unreachable.yaml:9: steps[0].say: unknown variable {customer.frist_name} "
        "(did you mean {customer.first_name}?)",
        "unreachable.yaml:13: steps[1].kb[1]: links to no KB article: 'no-such-article'",
        "unreachable.yaml:15: steps[2]: step 'orphan' cannot be reached from the first step",
        "10 problem(s) in 4 of 5 file(s) checked",
    ]


def test_kb_links_are_checked_against_the_kb_dir_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "return-policy.md").write_text("# Returns\ntags: returns\nBody.\n")
    returns = RESOURCES / "scripts" / "returns.yaml"
    assert main(["scripts", "check", "--kb-dir", str(tmp_path), str(returns)]) == 1
    out = capsys.readouterr().out
    assert "links to no KB article: 'refund-times'" in out
    assert "'return-policy'" not in out


def test_an_unreadable_file_exits_2_after_checking_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.yaml"
    assert main(["scripts", "check", str(missing), str(SHIPPED[0])]) == 2
    captured = capsys.readouterr()
    assert f"desk: cannot read {missing}" in captured.err
    assert captured.out == "1 file(s) checked, no problems\n"


def test_a_loop_a_missing_end_and_must_say_ids_are_each_reported() -> None:
    looping = _script(
        {"id": "a", "say": "A", "next": "b"},
        {"id": "b", "say": "B", "next": "a", "must_say": [{"id": "rec", "text": "Recorded."}]},
    )
    assert check(looping) == [
        Problem("steps", "no step ends the script (none has 'end: true')"),
    ]
    twice = _script(
        {"id": "a", "say": "A", "next": "b", "must_say": [{"id": "rec", "text": "Recorded."}]},
        {"id": "b", "say": "B", "end": True, "must_say": [{"id": "rec", "text": "Taped."}]},
    )
    assert check(twice) == [
        Problem(
            "steps[1].must_say[0].text", "must-say id 'rec' has other words at steps[0].must_say[0]"
        )
    ]


def test_parse_errors_come_with_the_unknown_variables_of_the_whole_file() -> None:
    data = _script({"id": "a", "say": "Hi {agent.nickname}", "next": "gone"})
    assert check(data) == [
        Problem("steps[0].next", "names no step: 'gone'"),
        Problem("steps[0].say", "unknown variable {agent.nickname} (did you mean {agent.name}?)"),
    ]


def test_rules_and_dispositions_are_checked_when_a_vocabulary_is_given() -> None:
    data = _script(
        {"id": "a", "say": "Bye", "end": True, "dispositions": ["resolved", "sorted"]},
        suggest=[{"when": {"vip": "yes", "channel": ""}}],
        dispositions=["refund"],
    )
    assert check(data, dispositions={"resolved", "refund_issued"}) == [
        Problem("suggest[0].when.vip", "must be true or false"),
        Problem("suggest[0].when.channel", "must be non-empty text"),
        Problem("dispositions[0]", "unknown disposition 'refund'"),
        Problem("steps[0].dispositions[1]", "unknown disposition 'sorted'"),
    ]
    assert [problem.path for problem in check(data)] == [
        "suggest[0].when.vip",
        "suggest[0].when.channel",
    ]


def test_source_lines_name_the_key_or_the_nearest_part_written() -> None:
    source = read_source(
        "key: k\nsteps:\n  - id: a\n    say: >-\n      Long\n      words\n    end: true\n"
    )
    assert source.data == {"key": "k", "steps": [{"id": "a", "say": "Long words", "end": True}]}
    assert source.line_of("steps[0].say") == 4
    assert source.line_of("steps[0].end") == 7
    assert source.line_of("steps[0].choices[2].next") == 3  # not written: its step
    assert source.line_of("title") == 1  # not written: the document
    with pytest.raises(SourceError) as error:
        read_source("key: k\n\tsteps: []\n")
    assert error.value.line == 2


def test_a_file_that_is_not_a_mapping_is_one_problem_at_line_1(tmp_path: Path) -> None:
    listed = tmp_path / "list.yaml"
    listed.write_text("- id: a\n  say: Hi\n")
    assert check(read_source(listed.read_text()).data) == [Problem("", "must be a mapping")]


def test_a_bare_yes_read_as_true_is_explained() -> None:
    data = read_source(
        "key: k\ntitle: T\ncategory: returns\nsteps:\n"
        "  - id: a\n    say: Receipt?\n    question: Receipt?\n"
        "    choices:\n      - {label: Yes, next: a}\n      - {label: 'No', next: b}\n"
        "  - id: b\n    say: Bye\n    end: true\n"
    )
    assert check(data.data) == [
        Problem(
            "steps[0].choices[0].label",
            "must be non-empty text "
            "(YAML reads a bare yes, no, on or off as true or false: quote it)",
        )
    ]
    assert data.line_of("steps[0].choices[0].label") == 9

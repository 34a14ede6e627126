"""The script definition check: what a desk can run, and a clear message when it cannot."""

import pytest

from desk_app.domain.script_definition import ScriptDefinitionError, validate_definition


def test_valid_definition_is_returned_unchanged() -> None:
    definition = {
        "steps": [{"id": "a", "say": "Hello", "next": "b"}, {"id": "b", "text": "Bye"}],
        "meta": {"x": 1},
    }
    assert validate_definition(definition) is definition


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ("steps", "must be a JSON object"),
        ({}, "'steps' must be a non-empty list"),
        ({"steps": ["hello"]}, "steps[0] must be an object"),
        ({"steps": [{"id": "", "say": "x"}]}, "steps[0] needs an 'id'"),
        ({"steps": [{"id": "a", "say": "  "}]}, "steps[0] (id 'a') needs a 'say' or 'text'"),
        (
            {"steps": [{"id": "a", "say": "x"}, {"id": "a", "say": "y"}]},
            "steps[1] (id 'a') repeats",
        ),
        ({"steps": [{"id": "a", "say": "x", "next": "b"}]}, "'next' 'b', which is not a step id"),
    ],
)
def test_bad_definition_names_the_problem(definition: object, message: str) -> None:
    with pytest.raises(ScriptDefinitionError) as caught:
        validate_definition(definition)
    assert message in str(caught.value)

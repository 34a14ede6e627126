"""A script file's text read as the mapping :func:`parse_script` takes, with its line marks.

The definition and the checker name the part at fault as a path
(``steps[3].choices[1].next``); a trainer fixes files by line. So the YAML
is read once into both the data and a map from every path it holds to the
1-based line where that part is written, and a path the file does not hold
(a missing key) is placed at the nearest part that is there.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

RESOURCES = Path(__file__).resolve().parents[3] / "resources"
"""The shipped content: ``scripts/*.yaml``, ``kb/*.md`` and ``canned.yaml``."""

_LAST_PART = re.compile(r"(^|\.)[^.\[\]]+$|\[\d+\]$")


class SourceError(ValueError):
    """The text is not YAML a script can be read from; ``line`` is where the parser stopped."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Source:
    """The data a file holds and the line of each part of it."""

    data: object
    lines: dict[str, int]

    def line_of(self, path: str) -> int:
        """The line of ``path``, else of the nearest enclosing part the file has (1 for none)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = _LAST_PART.sub("", path)
        return self.lines.get("", 1)


def read_source(text: str) -> Source:
    """``text`` as data with line marks; SourceError for text that is not one YAML document."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise SourceError(line, f"not valid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(1, f"not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if node is not None:
        _mark(node, "", node.start_mark.line + 1, lines)
    return Source(data=data, lines=lines)


def _mark(node: yaml.Node, path: str, line: int, lines: dict[str, int]) -> None:
    """Record ``path`` at ``line`` and every part below ``node``.

    A mapping entry is placed at its key's line (where ``next:`` is written,
    even when its value starts below), a list item at the item's own line.
    """
    lines[path] = line
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            child = f"{path}.{name}" if path else name
            _mark(value, child, key.start_mark.line + 1, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _mark(item, f"{path}[{index}]", item.start_mark.line + 1, lines)


def kb_slugs(directory: Path) -> frozenset[str]:
    """The slugs of the KB articles in ``directory`` (``<slug>.md``), for checking links."""
    return frozenset(path.stem for path in directory.glob("*.md"))

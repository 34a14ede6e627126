"""``desk scripts publish``: checked files reach the server as scripts and new revisions."""

import shutil
from pathlib import Path

import pytest

from desk_app.cli import main
from desk_app.client.api import DeskApi
from desk_app.domain.scripts.source import RESOURCES
from tests.support.builders import PASSWORD, World
from tests.support.served_app import ServedApp

SHIPPED = RESOURCES / "scripts"


def _publish(served: ServedApp, user: str, *files: Path) -> int:
    server = served.base.removesuffix("/api/v1")
    return main(["scripts", "publish", *map(str, files), "--server", server, "--user", user])


def _on_server(served: ServedApp) -> dict[str, int]:
    api = DeskApi(served.base)
    api.login("admin", PASSWORD)
    try:
        return {s["key"]: s["current_revision"] for s in api.scripts()}
    finally:
        api.close()


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_PASSWORD", PASSWORD)


def test_new_scripts_are_created_changed_ones_revised_identical_ones_left(
    served: ServedApp, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    delay = shutil.copy(SHIPPED / "shipping_delay.yaml", tmp_path / "shipping_delay.yaml")
    returns = SHIPPED / "returns.yaml"
    assert _publish(served, "supervisor", Path(delay), returns) == 0
    assert f"{delay}: shipping_delay created (revision 1)" in capsys.readouterr().out
    assert _on_server(served) == {"shipping_delay": 1, "returns": 1}

    text = Path(delay).read_text(encoding="utf-8")
    Path(delay).write_text(text.replace("title: Shipping delay", "title: Late parcel"), "utf-8")
    assert _publish(served, "supervisor", Path(delay), returns) == 0
    out = capsys.readouterr().out
    assert f"{delay}: shipping_delay revised (revision 2)" in out
    assert f"{returns}: returns unchanged (revision 1)" in out
    assert _on_server(served) == {"shipping_delay": 2, "returns": 1}


def test_a_file_with_problems_publishes_nothing(
    served: ServedApp, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    text = (SHIPPED / "returns.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("{agent.first_name}", "{agent.nickname}", 1), "utf-8")
    assert _publish(served, "supervisor", SHIPPED / "order_status.yaml", broken) == 1
    captured = capsys.readouterr()
    assert "agent.nickname" in captured.out
    assert "nothing published" in captured.err
    assert _on_server(served) == {}


def test_a_rep_may_not_publish(
    served: ServedApp, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _publish(served, "rep", SHIPPED / "returns.yaml") == 1
    assert "desk:" in capsys.readouterr().err
    assert _on_server(served) == {}

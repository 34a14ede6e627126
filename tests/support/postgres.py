"""A throwaway PostgreSQL cluster in a temporary directory, for tests and benchmarks.

Real PostgreSQL, never a mock: the binaries of the installed server (Debian's
``/usr/lib/postgresql/N/bin``) run a cluster with durability switched off,
listening on a Unix socket (and optionally on loopback TCP). ``initdb``
refuses to run as root, so as root the cluster runs as ``postgres``.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def find_bin_dir() -> Path:
    """The newest installed PostgreSQL's bin directory."""
    explicit = os.environ.get("DESK_PG_BIN")
    if explicit:
        return Path(explicit)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not candidates:
        raise RuntimeError(
            "PostgreSQL binaries not found: install them (apt-get install postgresql) "
            "or set DESK_PG_BIN"
        )
    return candidates[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    socket_dir: Path
    port: int

    def url(self, database: str = "postgres", *, tcp: bool = False) -> str:
        if tcp:
            return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"


@contextlib.contextmanager
def throwaway_cluster(*, tcp: bool = False) -> Iterator[Cluster]:
    """Start a cluster, yield where it listens, and remove it afterwards."""
    bin_dir = find_bin_dir()
    base = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(base, user="postgres")
    data, log, port = base / "data", base / "log", _free_port()
    listen = "127.0.0.1" if tcp else ""
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    options = (
        f"-k {base} -p {port} -c listen_addresses='{listen}' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    )
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-w",
            "-o",
            options,
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield Cluster(socket_dir=base, port=port)
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)

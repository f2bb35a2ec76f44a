"""A throw-away PostgreSQL server on loopback, for the journal tests and the latency benchmark.

Why a real server: the PostgreSQL journal's guarantees (append-only triggers, advisory locks,
durable commits, what libpq says on a wrong password) live in the server, so only a real one
can show them. Debian's ``postgresql`` package provides the binaries (``./run test`` installs
it); the server runs from a temporary directory on a free port on 127.0.0.1 and is removed
afterwards.

PostgreSQL refuses to run as root, and CI runs as root, so then the server runs as the
``postgres`` system user (created by the Debian package) through ``runuser``; the temporary
directory is made over to that user. As an ordinary user the server simply runs as oneself.

Two roles are created: the superuser ``postgres`` and ``bms`` (the journal's role, owner of
database ``bms``), both with passwords and scram-sha-256 over TCP, so that a wrong password is
refused exactly as in a deployment.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "super-hemmelig-ÆØÅ"
APP_USER = "bms"
#: Deliberately awkward (``@``, ``/``, ``:``, non-ASCII): URLs must encode it, and messages
#: must never show it.
APP_PASSWORD = "pa:ss@/word-æøå-7Q"
APP_DATABASE = "bms"


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries are not installed (or the server cannot be started)."""


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding ``initdb`` and ``pg_ctl``, or ``None``.

    ``$BMS_PG_BINDIR``, when set, is the only place looked at (to pick a version, or to check
    what happens without PostgreSQL).
    """
    override = os.environ.get("BMS_PG_BINDIR")
    candidates = [override] if override else sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=_major, reverse=True
    )
    for cand in candidates:
        path = Path(cand)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            return path
    if override:
        return None
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    return None


def _major(path: str) -> int:
    try:
        return int(Path(path).parent.name)
    except ValueError:
        return 0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def url(user: str, password: str, port: int, database: str, host: str = "127.0.0.1",
        **params: str) -> str:
    """A ``postgresql://`` URL with user and password percent-encoded."""
    text = (f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{port}/"
            f"{quote(database, safe='')}")
    if params:
        text += "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    return text


@dataclass
class PgServer:
    """A running temporary server; :meth:`stop` removes it and its files."""

    bindir: Path
    root: Path
    port: int
    run_as: str | None  # the system user the server runs as, when we are root

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def superuser_url(self) -> str:
        return url(SUPERUSER, SUPERUSER_PASSWORD, self.port, "postgres")

    def superuser_url_for(self, database: str = APP_DATABASE) -> str:
        return url(SUPERUSER, SUPERUSER_PASSWORD, self.port, database)

    @property
    def app_url(self) -> str:
        return url(APP_USER, APP_PASSWORD, self.port, APP_DATABASE)

    def app_url_for(self, database: str = APP_DATABASE, user: str = APP_USER,
                    password: str = APP_PASSWORD, **params: str) -> str:
        return url(user, password, self.port, database, **params)

    def stop(self) -> None:
        """Stop the server and delete its directory.

        Immediate shutdown: no final checkpoint, since the data is deleted anyway.
        """
        if self.datadir.exists():
            subprocess.run(
                self._cmd([str(self.bindir / "pg_ctl"), "stop", "-D", str(self.datadir),
                           "-m", "immediate", "-w", "-t", "60"]),
                capture_output=True, check=False, timeout=90,
            )
        shutil.rmtree(self.root, ignore_errors=True)

    def _cmd(self, args: list[str]) -> list[str]:
        return ["runuser", "-u", self.run_as, "--", *args] if self.run_as else args


def start(prefix: str = "bms-pg-") -> PgServer:
    """initdb + pg_ctl start on a free loopback port; returns once it accepts connections.

    Raises :class:`PostgresUnavailable` when the binaries are missing, so callers can decide
    between skipping and failing.
    """
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql; "
            "install the Debian package 'postgresql' (./run test does)"
        )
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable("running as root but there is no 'postgres' user") from exc
        if shutil.which("runuser") is None:
            raise PostgresUnavailable("running as root but 'runuser' is missing")
        run_as = "postgres"

    # /tmp, not pytest's tmp_path: the latter sits in a 0700 root directory that the
    # postgres user cannot enter.
    root = Path(tempfile.mkdtemp(prefix=prefix))
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    os.chmod(root, 0o700)
    pwfile = root / "pwfile"
    pwfile.write_text(SUPERUSER_PASSWORD + "\n", encoding="utf-8")
    if run_as:
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)

    last_error = ""
    for _ in range(3):  # another process may grab the port between free_port() and start
        server = PgServer(bindir, root, free_port(), run_as)
        try:
            if not server.datadir.exists():
                _run(server, [str(bindir / "initdb"), "-D", str(server.datadir), "-U", SUPERUSER,
                              f"--pwfile={pwfile}", "--auth-host=scram-sha-256",
                              "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                              "--no-sync"])
            _run(server, [str(bindir / "pg_ctl"), "start", "-D", str(server.datadir), "-w",
                          "-t", "60", "-l", str(root / "server.log"), "-o",
                          f"-c listen_addresses=127.0.0.1 -c port={server.port} "
                          f"-c unix_socket_directories={root} -c max_connections=120 "
                          "-c fsync=on -c synchronous_commit=on"])
        except subprocess.CalledProcessError as exc:
            log = root / "server.log"
            last_error = (exc.stderr or "") + (log.read_text(errors="replace")[-2000:]
                                               if log.exists() else "")
            continue
        try:
            _bootstrap(server)
        except BaseException:
            server.stop()
            raise
        return server
    shutil.rmtree(root, ignore_errors=True)
    raise PostgresUnavailable(f"could not start PostgreSQL: {last_error[-2000:]}")


def _run(server: PgServer, args: list[str]) -> None:
    subprocess.run(server._cmd(args), check=True, capture_output=True, text=True, timeout=120)


def _bootstrap(server: PgServer) -> None:
    """Create the journal's role and database (as a DBA would, see docs/deployment.md)."""
    import psycopg
    from psycopg import sql

    deadline = time.monotonic() + 30
    while True:
        try:
            conn = psycopg.connect(server.superuser_url, autocommit=True, connect_timeout=5)
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with conn:
        # Test set-up only: the names and password are this module's constants.
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(APP_USER), sql.Literal(APP_PASSWORD)))
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(APP_DATABASE), sql.Identifier(APP_USER)))

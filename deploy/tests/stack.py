"""The production stack on 127.0.0.1, started the way the README's "Running in
production" says: PostgreSQL (the throwaway cluster of scripts/with-postgres) as the
primary, a streaming replica of it made with `pg_basebackup -R`, Debian's PgBouncer in
transaction pooling in front of the primary, the database cache, two gunicorn instances
(two web nodes, config.settings.production, two workers each) and Debian's nginx with
deploy/nginx/stegvis.conf balancing between them, with a certificate made here. Used
by test_production.py and test_scaling.py; every process is stopped and every file
removed afterwards.
"""

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
# PostgreSQL and PgBouncer refuse to run as root: as scripts/with-postgres, as postgres.
AS_OWNER = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

# PgBouncer runs with deploy/pgbouncer/stegvis.ini filled in (see _pgbouncer).

# The main nginx.conf of a Debian installation, reduced to what the site needs; the site
# itself is the rendered deploy/nginx/stegvis.conf, included as Debian includes
# sites-enabled/*.
NGINX_MAIN = """\
{user}
worker_processes 2;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/logs/nginx-main-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {tmp}/nginx-temp/body;
    proxy_temp_path {tmp}/nginx-temp/proxy;
    fastcgi_temp_path {tmp}/nginx-temp/fastcgi;
    uwsgi_temp_path {tmp}/nginx-temp/uwsgi;
    scgi_temp_path {tmp}/nginx-temp/scgi;
    access_log off;
    include {tmp}/sites-enabled/*;
}}
"""


INSTALL_DIR = "/srv/stegvis"  # where deploy/systemd/*.service expect the code


def unit_file(name: str) -> str:
    """A systemd unit of deploy/systemd/ as it would run from this checkout."""
    text = (DEPLOY / "systemd" / name).read_text()
    return text.replace(f"{INSTALL_DIR}/.venv/bin/", f"{VENV_BIN}/").replace(INSTALL_DIR, str(ROOT))


def unit_command(name: str) -> list[str]:
    """The ExecStart of a unit, as it would run from this checkout."""
    line = next(x for x in unit_file(name).splitlines() if x.startswith("ExecStart="))
    return line.removeprefix("ExecStart=").split()


def template_environment() -> dict[str, str]:
    """The settings deploy/stegvis.env.example sets (its uncommented lines)."""
    values = {}
    for line in (DEPLOY / "stegvis.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"port {port} not open after {seconds} s:\n{log.read_text()[-4000:]}")


@dataclass
class Stack:
    tmp: Path
    env: dict
    http_port: int
    https_port: int
    app_ports: list[int]
    certificate: Path
    database_url: str  # the primary, straight (not through PgBouncer)
    replica_port: int = 0
    pgbouncer_port: int = 0
    processes: list = field(default_factory=list)

    @property
    def app_port(self) -> int:
        """The first web node's gunicorn."""
        return self.app_ports[0]

    @property
    def replica_data(self) -> Path:
        return self.tmp / "pg" / "replica"

    def replica_sql(self, sql: str, params=()):
        """One statement on the replica, straight; its first row."""
        with psycopg.connect(
            host="127.0.0.1", port=self.replica_port, dbname="stegvis_production",
            user=urlsplit(self.database_url).username, autocommit=True,
        ) as db:  # fmt: skip
            return db.execute(sql, params).fetchone()

    def replica_replay_pause(self) -> None:
        """Pause the replica's replay and wait until it has taken effect (the function
        only asks for it; a record may still be replayed before it does)."""
        self.replica_sql("SELECT pg_wal_replay_pause()")
        for _ in range(100):
            if self.replica_sql("SELECT pg_get_wal_replay_pause_state()")[0] == "paused":
                return
            time.sleep(0.05)
        raise AssertionError("the replica's replay did not pause")

    def replica_ctl(self, action: str) -> None:
        """pg_ctl stop or start of the replica."""
        command = [*AS_OWNER, "pg_ctl", "-D", str(self.replica_data), "-w"]
        if action == "stop":
            command += ["-m", "fast", "stop"]
        else:
            command += ["-l", str(self.logs / "replica.log"), "-o", _replica_options(self), "start"]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    @property
    def logs(self) -> Path:
        return self.tmp / "logs"

    @property
    def base(self) -> str:
        return f"https://localhost:{self.https_port}"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.certificate))

    def manage(self, *args, env=None, check=True, input_text=None) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            input=input_text,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}")
        return result

    def all_log_lines(self) -> dict[str, list[str]]:
        return {
            path.name: path.read_text(errors="replace").splitlines()
            for path in sorted(self.logs.iterdir())
            if path.is_file()
        }

    def stop(self) -> None:
        if self.replica_port and (self.replica_data / "postmaster.pid").exists():
            subprocess.run(
                [*AS_OWNER, "pg_ctl", "-D", str(self.replica_data), "-m", "immediate", "stop"],
                capture_output=True, timeout=60,
            )  # fmt: skip
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _database_url() -> str:
    """A new database in the throwaway cluster that DATABASE_URL points to."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise RuntimeError("run under scripts/with-postgres (DATABASE_URL of a PostgreSQL cluster)")
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS stegvis_production")
        db.execute("CREATE DATABASE stegvis_production")
        # Django then sends no SET TIME ZONE of its own (session state, which transaction
        # pooling would not keep); docs/scaling.md says the same for the role.
        db.execute("ALTER DATABASE stegvis_production SET timezone TO 'UTC'")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/stegvis_production"))


def _socket_dir(database_url: str) -> str:
    return dict(
        pair.split("=", 1) for pair in urlsplit(database_url).query.split("&") if "=" in pair
    )["host"]


def _replica_options(stack: "Stack") -> str:
    return (
        f"-p {stack.replica_port} -c listen_addresses=127.0.0.1 "
        f"-k {stack.tmp / 'pg'} -c hot_standby=on -c fsync=off"
    )


def _replica(stack: "Stack") -> None:
    """A streaming replica of the primary, as docs/scaling.md makes one: pg_basebackup
    -R (which writes primary_conninfo and standby.signal), listening on 127.0.0.1."""
    (stack.tmp / "pg").mkdir()
    if AS_OWNER:
        shutil.chown(stack.tmp / "pg", "postgres")
    log = stack.logs / "replica.log"
    log.touch()
    if AS_OWNER:
        shutil.chown(log, "postgres")
    user = urlsplit(stack.database_url).username
    subprocess.run(
        [*AS_OWNER, "pg_basebackup", "-h", _socket_dir(stack.database_url), "-U", user,
         "-D", str(stack.replica_data), "-R", "-X", "stream", "-c", "fast"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    stack.replica_ctl("start")


def _pgbouncer(stack: "Stack") -> None:
    """Debian's PgBouncer in front of the primary, in transaction pooling."""
    folder = stack.tmp / "pgbouncer"
    folder.mkdir()
    user = urlsplit(stack.database_url).username
    (folder / "userlist.txt").write_text(f'"{user}" ""\n')
    # deploy/pgbouncer/stegvis.ini filled in; no log file or pid file (standard error).
    text = (DEPLOY / "pgbouncer" / "stegvis.ini").read_text()
    values = {
        "DATABASE": "stegvis_production", "PRIMARY_HOST": _socket_dir(stack.database_url),
        "PRIMARY_PORT": "5432", "LISTEN_ADDR": "127.0.0.1",
        "LISTEN_PORT": str(stack.pgbouncer_port), "AUTH_TYPE": "trust",
        "AUTH_FILE": str(folder / "userlist.txt"), "ADMIN_USER": user,
    }  # fmt: skip
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    missing = re.findall(r"@[A-Z_]+@", text)
    assert not missing, f"no value for {missing} in the PgBouncer template"
    text = "\n".join(
        line for line in text.splitlines() if not line.startswith(("logfile", "pidfile"))
    )
    (folder / "pgbouncer.ini").write_text(text + "\n")
    log = stack.logs / "pgbouncer.log"
    command = [PGBOUNCER, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    stack.processes.append(process)
    wait_for_port(stack.pgbouncer_port, process, log)


def _certificate(tmp: Path) -> tuple[Path, Path]:
    certificate, key = tmp / "tls" / "stegvis.pem", tmp / "tls" / "stegvis.key"
    certificate.parent.mkdir()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", str(key), "-out", str(certificate),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def start() -> Stack:
    tmp = Path(tempfile.mkdtemp(prefix="stegvis-production-"))
    tmp.chmod(0o755)
    (tmp / "logs").mkdir()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / "nginx-temp" / sub).mkdir(parents=True)
    certificate, key = _certificate(tmp)
    http_port, https_port = free_port(), free_port()
    app_ports = [free_port(), free_port()]
    database_url = _database_url()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "LOG_", "CACHE_", "GUNICORN_"))
        and key not in ("DEBUG", "SILENCED_SYSTEM_CHECKS", "WEB_CONCURRENCY")
    }
    # deploy/stegvis.env.example, with this machine's values where it says "change-me" or
    # names a host; the rest (settings module, cache) as the template has it.
    env.update(template_environment())
    env.update(
        {
            "SECRET_KEY": os.urandom(32).hex(),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            # Through PgBouncer; the figures, exports and log review read on the replica.
            "DATABASE_URL": f"postgres://{urlsplit(database_url).username}@127.0.0.1:"
            f"{{pgbouncer_port}}/stegvis_production",
            "DATABASE_TRANSACTION_POOLING": "True",
            "DATABASE_REPLICA_URL": f"postgres://{urlsplit(database_url).username}@127.0.0.1:"
            f"{{replica_port}}/stegvis_production",
            # Long enough that only a stopped replica or a user's own unreplayed write
            # sends reads back to the primary in test_scaling (it sets its own lag).
            "REPLICA_MAX_LAG_SECONDS": "120",
            "EMAIL_URL": "consolemail://",
            "STATIC_ROOT": str(tmp / "static"),
            "EXPORT_DIR": str(tmp / "exports"),
            "BLANK_FORMS_DIR": str(tmp / "blank-forms"),
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    stack = Stack(tmp, env, http_port, https_port, app_ports, certificate, database_url)
    stack.replica_port, stack.pgbouncer_port = free_port(), free_port()
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL"):
        env[name] = env[name].format(
            pgbouncer_port=stack.pgbouncer_port, replica_port=stack.replica_port
        )
    try:
        _replica(stack)
        _pgbouncer(stack)
        # The README's commands, in its order.
        stack.manage("migrate", "--no-input", "-v0")
        stack.manage("createcachetable")
        stack.manage("collectstatic", "--no-input", "-v0")
        stack.manage("blank_forms_make")
        stack.manage("check", "--deploy", "--fail-level", "WARNING")

        # Two web nodes: the web server's unit's command (deploy/systemd/
        # stegvis-web.service) twice, each on its own port, as on two machines.
        for node, port in enumerate(app_ports, 1):
            log = stack.logs / ("gunicorn.log" if node == 1 else f"gunicorn-{node}.log")
            access = "gunicorn-access.log" if node == 1 else f"gunicorn-{node}-access.log"
            gunicorn = subprocess.Popen(
                unit_command("stegvis-web.service"),
                cwd=ROOT,
                env={
                    **env,
                    "GUNICORN_BIND": f"127.0.0.1:{port}",
                    "GUNICORN_ACCESS_LOG": str(tmp / "logs" / access),
                },
                stdout=log.open("ab"),
                stderr=subprocess.STDOUT,
            )
            stack.processes.append(gunicorn)
        for port, gunicorn in zip(app_ports, stack.processes[-2:], strict=True):
            wait_for_port(port, gunicorn, log)

        site = subprocess.run(
            [
                sys.executable, str(DEPLOY / "render-nginx"),
                "SERVER_NAME=localhost", "LISTEN=127.0.0.1",
                f"HTTP_PORT={http_port}", f"HTTPS_PORT={https_port}",
                f"TLS_CERTIFICATE={certificate}", f"TLS_CERTIFICATE_KEY={key}",
                f"STATIC_ROOT={tmp / 'static'}",
                "UPSTREAM=" + ",".join(f"127.0.0.1:{port}" for port in app_ports),
                f"LOG_DIR={tmp / 'logs'}",
            ],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        (tmp / "sites-enabled").mkdir()
        (tmp / "sites-enabled" / "stegvis").write_text(site)
        user = ""
        if os.geteuid() == 0:
            # As Debian's service does: the master as root, the workers as www-data.
            user = "user www-data;"
            for path in (tmp / "nginx-temp").rglob("*"):
                shutil.chown(path, "www-data")
            shutil.chown(tmp / "nginx-temp", "www-data")
        (tmp / "nginx.conf").write_text(NGINX_MAIN.format(tmp=tmp, user=user))
        nginx_log = stack.logs / "nginx-stderr.log"
        checked = subprocess.run(
            [NGINX, "-t", "-q", "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
            capture_output=True, text=True,
        )  # fmt: skip
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t:\n{checked.stderr}")
        nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
            stdout=nginx_log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        stack.processes.append(nginx)
        wait_for_port(https_port, nginx, nginx_log)
    except BaseException:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return stack


def remove(stack: Stack) -> None:
    stack.stop()
    shutil.rmtree(stack.tmp, ignore_errors=True)

"""The production stack on 127.0.0.1, started the way the README's "Running in
production" says: PostgreSQL (the throwaway cluster of scripts/with-postgres), the
database cache, gunicorn with config.settings.production and two workers, and Debian's
nginx with deploy/nginx/stegvis.conf and a certificate made here. Used by
test_production.py; every process is stopped and every file removed afterwards.
"""

import os
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
    app_port: int
    certificate: Path
    database_url: str
    processes: list = field(default_factory=list)

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
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/stegvis_production"))


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
    http_port, https_port, app_port = free_port(), free_port(), free_port()
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
            "DATABASE_URL": database_url,
            "EMAIL_URL": "consolemail://",
            "STATIC_ROOT": str(tmp / "static"),
            "EXPORT_DIR": str(tmp / "exports"),
            "BLANK_FORMS_DIR": str(tmp / "blank-forms"),
            "GUNICORN_BIND": f"127.0.0.1:{app_port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESS_LOG": str(tmp / "logs" / "gunicorn-access.log"),
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    stack = Stack(tmp, env, http_port, https_port, app_port, certificate, database_url)
    try:
        # The README's commands, in its order.
        stack.manage("migrate", "--no-input", "-v0")
        stack.manage("createcachetable")
        stack.manage("collectstatic", "--no-input", "-v0")
        stack.manage("blank_forms_make")
        stack.manage("check", "--deploy", "--fail-level", "WARNING")

        log = stack.logs / "gunicorn.log"
        # The web server's unit's command (deploy/systemd/stegvis-web.service).
        gunicorn = subprocess.Popen(
            unit_command("stegvis-web.service"),
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        stack.processes.append(gunicorn)
        wait_for_port(app_port, gunicorn, log)

        site = subprocess.run(
            [
                sys.executable, str(DEPLOY / "render-nginx"),
                "SERVER_NAME=localhost", "LISTEN=127.0.0.1",
                f"HTTP_PORT={http_port}", f"HTTPS_PORT={https_port}",
                f"TLS_CERTIFICATE={certificate}", f"TLS_CERTIFICATE_KEY={key}",
                f"STATIC_ROOT={tmp / 'static'}", f"UPSTREAM=127.0.0.1:{app_port}",
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
        subprocess.run(
            [NGINX, "-t", "-q", "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
            check=True, capture_output=True,
        )  # fmt: skip
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

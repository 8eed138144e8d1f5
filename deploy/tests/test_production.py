"""Issue 16 §1–2: the production stack as an IT department runs it, over real HTTPS.

`make test-production` runs this under scripts/with-postgres: stack.py brings up
PostgreSQL, gunicorn (config.settings.production, two workers, the database cache) and
Debian's nginx with deploy/nginx/stegvis.conf. A coach signs in with a password and an
authenticator code, records an assessment and downloads a plan PDF; a participant opens
an invitation link and answers; then every log line is searched.
"""

import gzip
import http.client
import json
import re
import secrets
import subprocess
import time
from html.parser import HTMLParser

import psycopg
import pytest
import requests
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from . import stack as production

pytestmark = pytest.mark.production

STRONG_PASSWORD = "Kvarnhjul-Lingon-Fyrtorn-83"
YEAR = 31536000


def _with_check_digit(digits: str) -> str:
    """YYYYMMDDNNN -> YYYYMMDD-NNNC with the Luhn check digit of a personal number."""
    total = 0
    for index, char in enumerate(digits[2:]):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return f"{digits[:8]}-{digits[8:]}{(10 - total % 10) % 10}"


NEW_PERSON = {"first_name": "Loggtest", "last_name": "Spårlösdotter",
              "pin": _with_check_digit("19850412123")}  # fmt: skip


class FormParser(HTMLParser):
    """The inputs of the forms on a page: {action: {name: [values]}}, checked radios and
    selected options first."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "radios": {}})
        elif not self.forms:
            return
        fields, radios = self.forms[-1]["fields"], self.forms[-1]["radios"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "radio":
                radios.setdefault(a["name"], []).append(a.get("value", ""))
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "")
            elif kind == "checkbox":
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            fields.setdefault(a["name"], None)
        elif tag == "option" and self._select:
            if fields.get(self._select) is None or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            fields[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def browser(stack) -> requests.Session:
    """A client that trusts the test's certificate only (not the machine's CA bundle,
    which REQUESTS_CA_BUNDLE would put in its place)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = str(stack.certificate)
    return session


def totp_now(secret: str) -> str:
    """The current code, not one about to expire on its way to the server."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(scope="module")
def stack():
    running = production.start()
    try:
        yield running
    finally:
        production.remove(running)


@pytest.fixture(scope="module")
def demo(stack):
    """The demo data (loaded with the local settings: the demo command refuses to run
    with DEBUG off), an authenticator for `handledare`, and what the journey needs."""
    stack.manage("demo_data", env={"DJANGO_SETTINGS_MODULE": "config.settings.local"})
    secret = stack.manage(
        "shell",
        "-v0",
        "-c",
        "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret\n"
        "from accounts.models import User\n"
        "secret = generate_totp_secret()\n"
        "TOTP.activate(User.objects.get(username='handledare'), secret)\n"
        "print(secret)",
    ).stdout.strip()
    facts = json.loads(
        stack.manage(
            "shell",
            "-v0",
            "-c",
            "import json\n"
            "from participants.models import Participant\n"
            "from plans.models import ActivityPlan\n"
            "people = list(Participant.objects.values("
            "'first_name', 'last_name', 'personal_identity_number'))\n"
            "plan = ActivityPlan.objects.filter("
            "participant__coach_assignments__coach__username='handledare')"
            ".order_by('pk').values('pk', 'participant_id').first()\n"
            "print(json.dumps({'people': people, 'plan': plan}))",
        ).stdout
    )
    return {"totp_secret": secret, **facts}


def sign_in(stack, username: str, totp_secret: str) -> requests.Session:
    """A demo user signed in through nginx with the password and an authenticator code."""
    session = browser(stack)
    login = session.get(f"{stack.base}/logga-in/")
    assert login.status_code == 200
    response = session.post(
        f"{stack.base}/logga-in/",
        data={
            "csrfmiddlewaretoken": csrf(login.text),
            "login": username,
            "password": "demo1234",
        },
        headers={"Referer": f"{stack.base}/logga-in/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:2000]
    mfa_url = stack.base + response.headers["Location"]
    page = session.get(mfa_url)
    signed_in = session.post(
        mfa_url,
        data={"csrfmiddlewaretoken": csrf(page.text), "code": totp_now(totp_secret)},
        headers={"Referer": mfa_url},
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    assert "sessionid" in session.cookies
    return session


def authenticator(stack, username: str) -> str:
    """Activates an authenticator for a demo user; its secret."""
    return stack.manage(
        "shell",
        "-v0",
        "-c",
        "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret\n"
        "from accounts.models import User\n"
        "secret = generate_totp_secret()\n"
        f"TOTP.activate(User.objects.get(username='{username}'), secret)\n"
        "print(secret)",
    ).stdout.strip()


@pytest.fixture(scope="module")
def coach(stack, demo):
    """`handledare` signed in through nginx with the password and an authenticator code."""
    return sign_in(stack, "handledare", demo["totp_secret"])


def django_lines(stack) -> list[dict]:
    """gunicorn's standard error on both web nodes: Django's and gunicorn's own log lines,
    each JSON."""
    return [
        json.loads(line)
        for path in sorted(stack.logs.glob("gunicorn*.log"))
        if not path.name.endswith("-access.log")
        for line in path.read_text().splitlines()
    ]


def gunicorn_access_lines(stack) -> list[str]:
    """gunicorn's access logs of both web nodes."""
    return [
        line
        for path in sorted(stack.logs.glob("gunicorn*-access.log"))
        for line in path.read_text().splitlines()
    ]


def test_first_administrator_is_created_by_the_command_that_applies_the_password_rules(stack):
    weak = stack.manage(
        "create_administrator", "--organisation", "Provkommun", "--username", "it-admin",
        "--email", "it@provkommun.example", "--no-input",
        env={"STEGVIS_ADMINISTRATOR_PASSWORD": "abc"}, check=False,
    )  # fmt: skip
    assert weak.returncode != 0
    assert "The password was refused" in weak.stderr
    superuser = stack.manage(
        "createsuperuser", "--no-input", "--username", "root2", "--email", "r@provkommun.example",
        env={"DJANGO_SUPERUSER_PASSWORD": "abc"}, check=False,
    )  # fmt: skip
    assert superuser.returncode != 0
    assert "DJANGO_SUPERUSER_PASSWORD was refused" in superuser.stderr

    created = stack.manage(
        "create_administrator", "--organisation", "Provkommun", "--username", "it-admin",
        "--email", "it@provkommun.example", "--no-input",
        env={"STEGVIS_ADMINISTRATOR_PASSWORD": STRONG_PASSWORD},
    )  # fmt: skip
    assert "Created the administrator 'it-admin'" in created.stdout
    # Production requires two-factor authentication: the password alone leads to enrolment.
    session = browser(stack)
    login = session.get(f"{stack.base}/logga-in/")
    response = session.post(
        f"{stack.base}/logga-in/",
        data={"csrfmiddlewaretoken": csrf(login.text), "login": "it-admin",
              "password": STRONG_PASSWORD},
        headers={"Referer": f"{stack.base}/logga-in/"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.url.startswith(f"{stack.base}/tvafaktor/")


def test_the_systemd_units_are_valid_and_run_what_the_stack_runs(tmp_path):
    for name in ("stegvis-web.service", "stegvis-worker.service"):
        text = production.unit_file(name)
        # Checked as root with the template as its environment file (no stegvis user here).
        text = re.sub(r"^(User|Group)=stegvis$", r"\1=root", text, flags=re.MULTILINE)
        text = text.replace(
            "/etc/stegvis/stegvis.env", str(production.DEPLOY / "stegvis.env.example")
        )
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert production.unit_command("stegvis-web.service")[1:] == [
        "-c", "config/gunicorn.conf.py", "config.wsgi",
    ]  # fmt: skip
    worker = production.unit_command("stegvis-worker.service")
    assert worker[1:] == ["manage.py", "db_worker"]
    assert worker[0] == str(production.VENV_BIN / "python")


def test_plain_http_is_redirected_to_https(stack):
    connection = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=10)
    connection.request("GET", "/deltagare/?q=1", headers={"Host": "localhost"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"{stack.base}/deltagare/?q=1"


def test_health_endpoints_answer_json_without_cookie_and_stay_out_of_the_access_log(stack):
    session = browser(stack)
    for _ in range(3):
        health = session.get(f"{stack.base}/healthz")
        ready = session.get(f"{stack.base}/readyz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ok",
        "checks": {
            "database": True,
            "migrations": True,
            "cache_reachable": True,
            "task_queue": True,
        },
    }
    for response in (health, ready):
        assert "Set-Cookie" not in response.headers
        assert response.headers["Content-Type"] == "application/json"
        assert "no-store" in response.headers["Cache-Control"]
    assert not session.cookies
    # Straight to gunicorn over plain HTTP, as a load balancer's probe may ask: no redirect.
    direct = browser(stack).get(f"http://127.0.0.1:{stack.app_port}/readyz", timeout=10)
    assert direct.status_code == 200
    time.sleep(0.5)
    access = (stack.logs / "stegvis-access.log").read_text()
    assert "healthz" not in access
    assert "readyz" not in access
    django = json.dumps(django_lines(stack))
    assert "healthz" not in django
    assert "readyz" not in django


def test_static_files_are_compressed_and_cached_for_a_year(stack):
    page = browser(stack).get(f"{stack.base}/logga-in/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), "a hashed name"
    response = browser(stack).get(
        stack.base + stylesheet,
        headers={"Accept-Encoding": "gzip"},
        stream=True,
    )
    raw = response.raw.read(decode_content=False)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(raw)) > len(raw)
    assert f"max-age={YEAR}" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Strict-Transport-Security"].startswith(f"max-age={YEAR}")
    assert "Set-Cookie" not in response.headers
    # Served by nginx from STATIC_ROOT, not by Django: no request of it in Django's log.
    assert not [line for line in django_lines(stack) if line.get("path") == stylesheet]


def test_a_coach_records_an_assessment_and_downloads_a_plan_pdf(stack, demo, coach):
    plan = demo["plan"]
    participant_url = f"{stack.base}/deltagare/{plan['participant_id']}/"
    page = coach.get(participant_url)
    assert page.status_code == 200
    headers = page.headers
    assert headers["Strict-Transport-Security"].startswith(f"max-age={YEAR}")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "no-store" in headers["Cache-Control"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Sent once (requests joins repeated headers with a comma).
    assert "," not in headers["Strict-Transport-Security"]

    create_url = f"{stack.base}/deltagare/{plan['participant_id']}/skattning/ny/?kort=bip"
    form_page = coach.get(create_url)
    assert form_page.status_code == 200
    form = next(f for f in forms_of(form_page.text) if any(k.startswith("q_") for k in f["radios"]))
    data = {k: v for k, v in form["fields"].items() if v is not None}
    for name, values in form["radios"].items():
        if name.startswith("q_"):
            data[name] = next(v for v in values if v.isdigit())
        elif name not in data:
            data[name] = values[0]
    saved = coach.post(create_url, data=data, headers={"Referer": create_url},
                       allow_redirects=False)  # fmt: skip
    assert saved.status_code == 302, saved.text[:3000]
    after = coach.get(participant_url).text
    assert after.count('class="occasion"') >= 1

    pdf = coach.get(f"{participant_url}plan/{plan['pk']}/pdf/")
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf.headers["Cache-Control"]

    # One request id from nginx through Django: nginx's access log and Django's log line
    # for the PDF carry the id that nginx returned.
    request_id = pdf.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    time.sleep(0.5)
    nginx_lines = [
        json.loads(line) for line in (stack.logs / "stegvis-access.log").read_text().splitlines()
    ]
    nginx_line = next(line for line in nginx_lines if line["request_id"] == request_id)
    assert nginx_line["path"].endswith(f"/plan/{plan['pk']}/pdf/")
    assert nginx_line["status"] == 200
    django_line = next(
        line for line in django_lines(stack)
        if line.get("request_id") == request_id and line.get("logger") == "stegvis.request"
    )  # fmt: skip
    assert django_line["path"] == nginx_line["path"]
    assert django_line["status"] == 200
    assert isinstance(django_line["user_id"], int)
    assert any(request_id in line for line in gunicorn_access_lines(stack))


def _open_link(stack, path: str, source: str) -> tuple[int, str]:
    connection = http.client.HTTPSConnection(
        "localhost", stack.https_port, context=stack.ssl_context(), timeout=20,
        source_address=(source, 0),
    )  # fmt: skip
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Request-ID")
    finally:
        connection.close()


def test_the_link_rate_limit_counts_across_both_gunicorn_workers(stack):
    """30 link openings a minute per address (selfrating.views.open_link), counted in the
    shared database cache: the 31st is refused whichever worker of whichever web node
    answers it. With a cache per worker, each would allow 30."""
    for attempt in range(3):
        # A loopback address of its own per attempt: nginx passes it as X-Real-IP, so the
        # count starts at zero. A new attempt only if the one-minute window turned over.
        source = f"127.0.{attempt + 10}.{secrets.randbelow(200) + 20}"
        paths = [f"/s/{secrets.token_urlsafe(24)}/" for _ in range(40)]
        # One after the other: the database cache's increment is a read and a write, so
        # simultaneous requests can lose a count (README, "Running in production").
        first = [_open_link(stack, p, source) for p in paths[:30]]
        rest = [_open_link(stack, p, source) for p in paths[30:]]
        statuses = [status for status, _ in first + rest]
        if statuses[:30] == [404] * 30 and set(statuses[30:]) == {429}:
            break
        if 429 in statuses[:30]:
            pytest.fail(f"refused before the limit: {statuses}")
    else:
        pytest.fail(f"the limit did not hold: {statuses}")
    time.sleep(0.5)
    ids = {request_id for _, request_id in first}
    workers = {
        line["process"]
        for line in django_lines(stack)
        if line.get("request_id") in ids and line.get("logger") == "stegvis.request"
    }
    assert len(workers) >= 2, "several gunicorn workers answered part of the 30"
    # The metrics of each web node, summed over its workers, count together every one of
    # those requests; they are for a scraper on this machine talking to gunicorn, not for
    # the world through nginx.
    opened = 0.0
    for port in stack.app_ports:
        metrics = browser(stack).get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        assert metrics.status_code == 200
        count = re.search(
            r'^stegvis_request_seconds_count\{method="GET",view="selfrating:open"\} (\S+)$',
            metrics.text,
            re.MULTILINE,
        )
        opened += float(count.group(1)) if count else 0.0
    assert opened >= 31
    assert browser(stack).get(f"{stack.base}/metrics").status_code == 404
    # The count is per client address (nginx's X-Real-IP), not nginx's own: another
    # address is not refused.
    other = f"127.0.{attempt + 10}.{(int(source.rsplit('.', 1)[1]) + 1) % 250 + 1}"
    assert _open_link(stack, f"/s/{secrets.token_urlsafe(24)}/", other)[0] == 404


@pytest.fixture(scope="module")
def participant_answers(stack, demo, coach):
    """The coach makes a link for a participant; the participant opens it and answers."""
    participant_id = demo["plan"]["participant_id"]
    links_url = f"{stack.base}/deltagare/{participant_id}/lankar/"
    page = coach.get(links_url)
    form = next(f for f in forms_of(page.text) if "version" in f["fields"])
    created = coach.post(
        links_url,
        data={**{k: v for k, v in form["fields"].items() if v is not None},
              "presentation": "descriptions"},
        headers={"Referer": links_url},
    )  # fmt: skip
    assert created.status_code == 200
    url = re.search(r"https://localhost:\d+/s/[A-Za-z0-9_-]+/", created.text).group(0)
    token = url.rstrip("/").rsplit("/", 1)[1]
    participant = browser(stack)
    start = participant.get(url, headers={"Referer": url})
    assert start.status_code == 200
    assert start.url == f"{stack.base}/sjalvskattning/"
    step = participant.get(f"{stack.base}/sjalvskattning/steg/1/", headers={"Referer": url})
    assert step.status_code == 200

    # The demo participants have no personal numbers: the coach registers one who has,
    # searches for them by number and by name, and reveals the number.
    create_url = f"{stack.base}/deltagare/ny/"
    form = next(f for f in forms_of(coach.get(create_url).text) if "first_name" in f["fields"])
    data = {k: v for k, v in form["fields"].items() if v is not None}
    data.update(
        first_name=NEW_PERSON["first_name"],
        last_name=NEW_PERSON["last_name"],
        personal_identity_number=NEW_PERSON["pin"],
        gender=next(v for v in form["radios"]["gender"] if v),
    )
    created = coach.post(create_url, data=data, headers={"Referer": create_url},
                         allow_redirects=False)  # fmt: skip
    assert created.status_code == 302, created.text[:3000]
    detail_url = stack.base + created.headers["Location"]
    for query in (NEW_PERSON["pin"], NEW_PERSON["pin"].replace("-", ""), NEW_PERSON["last_name"]):
        listing = coach.get(f"{stack.base}/deltagare/", params={"q": query})
        assert NEW_PERSON["last_name"] in listing.text
    revealed = coach.get(detail_url, params={"visa": "personnummer"})
    assert NEW_PERSON["pin"] in revealed.text
    return {"token": token, "url": url}


def test_no_invitation_token_and_no_participant_data_in_any_log(stack, demo, participant_answers):
    time.sleep(1)
    logs = stack.all_log_lines()
    assert {"stegvis-access.log", "gunicorn.log", "gunicorn-access.log", "gunicorn-2.log",
            "gunicorn-2-access.log", "pgbouncer.log", "replica.log"} <= set(logs)  # fmt: skip
    assert any("/s/[token]/" in line for line in logs["stegvis-access.log"])
    assert any("/s/[token]/" in line for line in gunicorn_access_lines(stack))
    token = participant_answers["token"]
    names, numbers = set(), set()
    people = [*demo["people"], {
        "first_name": NEW_PERSON["first_name"], "last_name": NEW_PERSON["last_name"],
        "personal_identity_number": NEW_PERSON["pin"].replace("-", ""),
    }]  # fmt: skip
    for person in people:
        names.add(f"{person['first_name']} {person['last_name']}")
        names.add(person["last_name"])
        number = person["personal_identity_number"]
        if number:
            numbers |= {number, number[2:], f"{number[:8]}-{number[8:]}",
                        f"{number[2:8]}-{number[8:]}"}  # fmt: skip
    assert len(demo["people"]) >= 5
    assert len(numbers) == 4
    found = []
    for name, lines in logs.items():
        for number, line in enumerate(lines, 1):
            for secret in [token, *names, *numbers]:
                if secret in line:
                    found.append((name, number, secret))
    assert found == []
    # Every line of gunicorn's and Django's logs is a JSON object with a level and a logger.
    loggers = set()
    for line in django_lines(stack):
        assert {"time", "level", "logger", "message"} <= set(line)
        loggers.add(line["logger"])
    assert {"gunicorn.error", "stegvis.request"} <= loggers
    for line in gunicorn_access_lines(stack):
        assert json.loads(line)["logger"] == "gunicorn.access"
    for line in logs["stegvis-access.log"]:
        assert json.loads(line)["request_id"]


# --- Issue 16 §5: past one machine --------------------------------------------------------


def nginx_lines(stack) -> list[dict]:
    time.sleep(0.5)
    text = (stack.logs / "stegvis-access.log").read_text()
    return [json.loads(line) for line in text.splitlines()]


def nodes_of(stack, request_ids) -> set[str]:
    """The web nodes (gunicorn's address) that answered these requests, from nginx's log."""
    ids = set(request_ids)
    return {line["upstream"] for line in nginx_lines(stack) if line["request_id"] in ids}


def reads_of(stack, request_id: str) -> str | None:
    """The database a request read on (its line in Django's log, core/replica.py)."""
    for _ in range(20):
        for line in django_lines(stack):
            if line.get("request_id") == request_id and line.get("logger") == "stegvis.request":
                return line.get("reads")
        time.sleep(0.25)
    raise AssertionError(f"no log line for {request_id}")


def make_link(stack, coach, participant_id: int) -> str:
    links_url = f"{stack.base}/deltagare/{participant_id}/lankar/"
    form = next(f for f in forms_of(coach.get(links_url).text) if "version" in f["fields"])
    created = coach.post(
        links_url,
        data={**{k: v for k, v in form["fields"].items() if v is not None},
              "presentation": "descriptions"},
        headers={"Referer": links_url},
    )  # fmt: skip
    assert created.status_code == 200
    return re.search(r"https://localhost:\d+/s/[A-Za-z0-9_-]+/", created.text).group(0)


def test_the_app_reaches_the_primary_through_pgbouncer_in_transaction_pooling(stack, coach):
    assert f"127.0.0.1:{stack.pgbouncer_port}/" in stack.env["DATABASE_URL"]
    assert stack.env["DATABASE_TRANSACTION_POOLING"] == "True"
    assert coach.get(f"{stack.base}/deltagare/").status_code == 200
    user = stack.database_url.split("://", 1)[1].split("@", 1)[0]
    with psycopg.connect(
        host="127.0.0.1", port=stack.pgbouncer_port, dbname="pgbouncer", user=user,
        autocommit=True, prepare_threshold=None,
    ) as console:  # fmt: skip
        pools = console.execute("SHOW POOLS").fetchall()
        columns = [c.name for c in console.cursor().execute("SHOW POOLS").description]
        stats = console.execute("SHOW STATS").fetchall()
        stat_columns = [c.name for c in console.cursor().execute("SHOW STATS").description]
    pool = next(dict(zip(columns, row, strict=True)) for row in pools
                if row[0] == "stegvis_production")  # fmt: skip
    assert pool["pool_mode"] == "transaction"
    totals = next(dict(zip(stat_columns, row, strict=True)) for row in stats
                  if row[0] == "stegvis_production")  # fmt: skip
    # Every page above, the sign-ins and the migrations went through it.
    assert totals["total_xact_count"] > 100


def test_a_signed_in_session_and_a_participants_draft_hold_across_both_web_nodes(
    stack, demo, coach
):
    participant_url = f"{stack.base}/deltagare/{demo['plan']['participant_id']}/"
    ids = []
    for _ in range(6):
        page = coach.get(participant_url, allow_redirects=False)
        assert page.status_code == 200  # still signed in, whichever node answered
        ids.append(page.headers["X-Request-ID"])
    assert nodes_of(stack, ids) == {f"127.0.0.1:{port}" for port in stack.app_ports}

    # A participant answers question after question, each answer kept in the draft
    # whichever node takes it, and finds every answer again on going back.
    url = make_link(stack, coach, demo["plan"]["participant_id"])
    participant = browser(stack)
    assert participant.get(url, headers={"Referer": url}).status_code == 200
    ids, answered = [], {}
    for number in range(1, 5):
        step_url = f"{stack.base}/sjalvskattning/steg/{number}/"
        page = participant.get(step_url, headers={"Referer": step_url})
        ids.append(page.headers["X-Request-ID"])
        form = next(f for f in forms_of(page.text) if "question" in f["fields"])
        levels = [v for v in form["radios"].get("answer", []) if v.isdigit()]
        assert levels, "the first questions of the card are on a scale"
        answered[number] = levels[(number + 1) % len(levels)]
        saved = participant.post(
            step_url,
            data={"csrfmiddlewaretoken": csrf(page.text),
                  "question": form["fields"]["question"], "answer": answered[number]},
            headers={"Referer": step_url}, allow_redirects=False,
        )  # fmt: skip
        assert saved.status_code == 302, saved.text[:2000]
        assert saved.headers["Location"].endswith(f"/steg/{number + 1}/")
        ids.append(saved.headers["X-Request-ID"])
    for number, level in answered.items():
        step_url = f"{stack.base}/sjalvskattning/steg/{number}/"
        page = participant.get(step_url, headers={"Referer": step_url})
        ids.append(page.headers["X-Request-ID"])
        form = next(f for f in forms_of(page.text) if "question" in f["fields"])
        assert form["fields"].get("answer") == level
    assert nodes_of(stack, ids) == {f"127.0.0.1:{port}" for port in stack.app_ports}


@pytest.fixture(scope="module")
def manager(stack, demo):
    """`chef` (a manager: the figures and the log review of two units), signed in."""
    return sign_in(stack, "chef", authenticator(stack, "chef"))


def _review_posted(stack, manager) -> requests.Response:
    form_url = f"{stack.base}/logguppfoljning/ny/"
    page = manager.get(form_url)
    assert page.status_code == 200
    form = next(f for f in forms_of(page.text) if "period_start" in f["fields"])
    data = {k: v for k, v in form["fields"].items() if v is not None}
    data["comment"] = "Genomgång under replikeringstestet"
    return manager.post(form_url, data=data, headers={"Referer": form_url},
                        allow_redirects=False)  # fmt: skip


def test_figures_and_log_review_read_on_the_replica_and_a_writer_reads_their_write(
    stack, demo, manager
):
    """The figures' and the log review's pages read on the replica; with its replay
    paused, a manager who records a log review sees it at once (read on the primary,
    since the replica has not replayed the write), while a user who has written nothing
    since goes on reading the replica."""
    analyst = sign_in(stack, "analytiker", authenticator(stack, "analytiker"))
    figures = manager.get(f"{stack.base}/siffror/")
    assert figures.status_code == 200
    assert reads_of(stack, figures.headers["X-Request-ID"]) == "replica"
    log_review = manager.get(f"{stack.base}/logguppfoljning/")
    assert log_review.status_code == 200
    assert reads_of(stack, log_review.headers["X-Request-ID"]) == "replica"
    county = analyst.get(f"{stack.base}/lanet/siffror/")
    assert reads_of(stack, county.headers["X-Request-ID"]) == "replica"
    # Other pages are never read on the replica.
    assert reads_of(stack, manager.get(f"{stack.base}/").headers["X-Request-ID"]) is None

    stack.replica_replay_pause()
    try:
        saved = _review_posted(stack, manager)
        assert saved.status_code == 302, saved.text[:3000]
        detail = manager.get(stack.base + saved.headers["Location"])
        assert detail.status_code == 200
        assert "Genomgång under replikeringstestet" in detail.text
        assert reads_of(stack, detail.headers["X-Request-ID"]) == "default"
        # The replica has not got the review: read there, the page would be a 404.
        review_id = int(saved.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        on_replica = stack.replica_sql(
            "SELECT count(*) FROM logreview_logreview WHERE id = %s", [review_id]
        )
        assert on_replica[0] == 0
        county = analyst.get(f"{stack.base}/lanet/siffror/")
        assert county.status_code == 200
        assert reads_of(stack, county.headers["X-Request-ID"]) == "replica"
    finally:
        stack.replica_sql("SELECT pg_wal_replay_resume()")
    # Replayed, the manager's reads go back to the replica.
    for _ in range(40):
        detail = manager.get(stack.base + saved.headers["Location"])
        if reads_of(stack, detail.headers["X-Request-ID"]) == "replica":
            break
        time.sleep(0.5)
    else:
        pytest.fail("the manager's reads did not return to the replica")
    assert "Genomgång under replikeringstestet" in detail.text


def test_reads_fall_back_to_the_primary_when_the_replica_lags_or_is_down(stack, manager):
    # Lag: with replay paused and a write on the primary, a replica that has not replayed
    # for more than REPLICA_MAX_LAG_SECONDS (1 here) is not used.
    check = (
        "import time\n"
        "from django.core.cache import cache\n"
        "from core.replica import replica_reads, replica_state\n"
        "with replica_reads() as alias:\n"
        "    print(alias)\n"
        "cache.set('replica-lag-test', time.time())\n"
        "time.sleep(2.5)\n"
        "with replica_reads() as alias:\n"
        "    print(alias, replica_state().reason)\n"
    )
    stack.replica_replay_pause()
    try:
        lagging = stack.manage("shell", "-v0", "-c", check, env={"REPLICA_MAX_LAG_SECONDS": "1"})
    finally:
        stack.replica_sql("SELECT pg_wal_replay_resume()")
    assert lagging.stdout.split("\n")[1] == "default lag", lagging.stdout
    caught_up = stack.manage(
        "shell", "-v0", "-c",
        "import time\nfrom core.replica import replica_reads\ntime.sleep(1)\n"
        "with replica_reads() as alias:\n    print(alias)\n",
        env={"REPLICA_MAX_LAG_SECONDS": "1"},
    )  # fmt: skip
    assert caught_up.stdout.strip() == "replica"

    # Down: the pages still answer, read on the primary, and return to the replica when
    # it is back.
    stack.replica_ctl("stop")
    try:
        time.sleep(2.5)  # REPLICA_CHECK_SECONDS: each worker's last check has expired
        for _ in range(4):  # each of the four workers
            figures = manager.get(f"{stack.base}/siffror/")
            assert figures.status_code == 200
            assert reads_of(stack, figures.headers["X-Request-ID"]) == "default"
    finally:
        stack.replica_ctl("start")
    for _ in range(40):
        figures = manager.get(f"{stack.base}/siffror/")
        if reads_of(stack, figures.headers["X-Request-ID"]) == "replica":
            break
        time.sleep(0.5)
    else:
        pytest.fail("the reads did not return to the replica")

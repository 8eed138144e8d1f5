"""Issue 16 §4: coaches, participants on links and managers against the production
stack (run by bench/load.py, which starts the stack and writes BENCH_FACTS).

Each simulated user has an account of its own and its own loopback source address, so
the per-address rate limits (link openings, sign-in) count it as one person at one
computer, as in a real county. Every request is named by its kind; the names are the
rows of docs/benchmarks.md."""

import base64
import hmac
import itertools
import json
import os
import random
import struct
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter

FACTS = json.loads(Path(os.environ["BENCH_FACTS"]).read_text())
PASSWORD = os.environ["BENCH_PASSWORD"]
# Seconds between a user's requests (bench/load.py's BENCH_THINK). "work": as people
# work: a coach reads a participant's page or a plan before the next click, a
# participant reads a statement and picks a level, a manager reads the figures' tables.
# "short": 1-3 s for everyone, a stress test of how many requests a second the stack
# answers.
THINK = {
    "work": {"coach": (5, 15), "participant": (4, 10), "manager": (15, 45)},
    "short": {"coach": (1, 3), "participant": (1, 3), "manager": (1, 3)},
}[os.environ.get("BENCH_THINK", "work")]
# Seconds after the last user has started before the statistics start over
# (bench/load.py's BENCH_SETTLE): by then every coach and manager has signed in (an
# Argon2 hash each, on purpose slow) and made a first request, so the figures are the
# working day's, not the few seconds in which everyone arrives at once.
SETTLE = float(os.environ.get("BENCH_SETTLE", "0"))
_ENVIRONMENT: dict = {}


@events.init.add_listener
def _keep_runner(environment, **kwargs):
    _ENVIRONMENT["environment"] = environment


@events.spawning_complete.add_listener
def _settle(user_count, **kwargs):
    if SETTLE:
        gevent.spawn_later(SETTLE, _ENVIRONMENT["environment"].runner.stats.reset_all)


_lock = threading.Lock()
_counters = {"coach": itertools.count(), "manager": itertools.count(),
             "token": itertools.count(), "address": itertools.count(2)}  # fmt: skip


def _next(kind: str) -> int:
    with _lock:
        return next(_counters[kind])


class SourceAdapter(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Forms(HTMLParser):
    """Hidden and text inputs, radio groups and the csrf token of a page's forms."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag != "input" or not name:
            return
        kind = a.get("type", "text")
        if kind == "radio":
            self.radios.setdefault(name, []).append(a.get("value", ""))
            if "checked" in a:
                self.fields[name] = a.get("value", "")
        elif kind not in ("submit", "button", "file", "checkbox"):
            self.fields.setdefault(name, a.get("value", ""))


def forms(html: str) -> Forms:
    parser = Forms()
    parser.feed(html)
    return parser


def totp(secret: str) -> str:
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    # RFC 6238 with allauth's defaults: SHA-1, 30 s, six digits.
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


class Person(HttpUser):
    abstract = True

    def on_start(self):
        n = _next("address")
        self.client.trust_env = False
        self.client.verify = os.environ["BENCH_CERTIFICATE"]
        adapter = SourceAdapter(f"127.0.{1 + n // 250}.{1 + n % 250}")
        self.client.mount("https://", adapter)

    def post_form(self, path: str, data: dict, name: str, **kwargs):
        return self.client.post(
            path, data=data, name=name, headers={"Referer": f"{self.host}{path}"}, **kwargs
        )

    def sign_in(self, account: dict) -> None:
        page = self.client.get("/logga-in/", name="sign-in page")
        data = {**forms(page.text).fields, "login": account["username"], "password": PASSWORD}
        with self.post_form("/logga-in/", data, "sign-in: password",
                            allow_redirects=False, catch_response=True) as r:  # fmt: skip
            if r.status_code != 302:
                r.failure(f"sign-in answered {r.status_code}")
                return
            mfa = r.headers["Location"]
        page = self.client.get(mfa, name="sign-in: code page")
        data = {**forms(page.text).fields, "code": totp(account["totp"])}
        with self.post_form(mfa, data, "sign-in: code", allow_redirects=False,
                            catch_response=True) as r:  # fmt: skip
            if r.status_code != 302:
                r.failure(f"code answered {r.status_code}")


class Coach(Person):
    """Caseload, a participant's page, a new assessment, the plan PDF, a blank card."""

    weight = 5
    wait_time = between(*THINK["coach"])

    def on_start(self):
        super().on_start()
        self.account = FACTS["coaches"][_next("coach") % len(FACTS["coaches"])]
        # Each new assessment is for another participant: a second one of the same card
        # on the same day is asked about before it is saved.
        self.unassessed = list(self.account["participants"][3:])
        random.shuffle(self.unassessed)
        self.sign_in(self.account)

    @task(3)
    def caseload(self):
        self.client.get("/mina-deltagare/", name="coach: caseload")

    @task(4)
    def participant_page(self):
        pid = random.choice(self.account["participants"])
        self.client.get(f"/deltagare/{pid}/", name="coach: participant page")

    @task(1)
    def record_assessment(self):
        if not self.unassessed:
            return
        pid = self.unassessed.pop()
        path = f"/deltagare/{pid}/skattning/ny/?kort=bip"
        page = self.client.get(path, name="coach: assessment form")
        form = forms(page.text)
        data = dict(form.fields)
        for name, values in form.radios.items():
            if name.startswith("q_"):
                data[name] = random.choice([v for v in values if v.isdigit()] or values)
            elif name not in data:
                data[name] = values[0]
        # A generated participant may have been assessed with BIP today already: this is
        # a new assessment, so the same-day question is answered yes.
        data["same_day_confirmed"] = "on"
        with self.post_form(path, data, "coach: assessment save",
                            allow_redirects=False, catch_response=True) as r:  # fmt: skip
            if r.status_code != 302:
                r.failure(f"save answered {r.status_code}")

    @task(1)
    def plan_pdf(self):
        if self.account["plans"]:
            pid, plan = random.choice(self.account["plans"])
            self.client.get(f"/deltagare/{pid}/plan/{plan}/pdf/", name="coach: plan PDF")

    @task(1)
    def blank_card(self):
        self.client.get(
            f"/arbetsmaterial/kort/{FACTS['card_version']}.pdf", name="coach: blank card PDF"
        )


class Participant(Person):
    """Opens a link, answers one question per screen, reviews and submits."""

    weight = 4
    wait_time = between(*THINK["participant"])

    @task
    def self_rating(self):
        self.client.cookies.clear()
        n = _next("token")
        if n >= len(FACTS["tokens"]):
            return
        with self.client.get(f"/s/{FACTS['tokens'][n]}/", name="participant: open link",
                             catch_response=True) as r:  # fmt: skip
            if not r.url.endswith("/sjalvskattning/"):
                r.failure(f"link led to {r.url}")
                return
        number = 1
        while number < 200:
            path = f"/sjalvskattning/steg/{number}/"
            page = self.client.get(path, name="participant: question screen")
            if page.url.endswith("/granska/"):
                break
            form = forms(page.text)
            data = dict(form.fields)
            if "answer" in form.radios:
                data["answer"] = random.choice(form.radios["answer"])
            self.wait_time_between_screens()
            with self.post_form(path, data, "participant: answer", allow_redirects=False,
                                catch_response=True) as r:  # fmt: skip
                if r.status_code != 302:
                    r.failure(f"answer answered {r.status_code}")
                    return
            number += 1
        review = self.client.get("/sjalvskattning/granska/", name="participant: review")
        data = {k: v for k, v in forms(review.text).fields.items() if k == "csrfmiddlewaretoken"}
        with self.post_form("/sjalvskattning/skicka/", data, "participant: submit",
                            catch_response=True) as r:  # fmt: skip
            if not r.url.endswith("/tack/"):
                r.failure(f"submit led to {r.url}")

    def wait_time_between_screens(self):
        time.sleep(random.uniform(*THINK["participant"]))


class Manager(Person):
    """The figures page and an export of it."""

    weight = 1
    wait_time = between(*THINK["manager"])

    def on_start(self):
        super().on_start()
        self.sign_in(FACTS["managers"][_next("manager") % len(FACTS["managers"])])

    @task(3)
    def figures(self):
        self.client.get("/siffror/", name="manager: figures page")

    @task(1)
    def export(self):
        self.client.get("/siffror/?format=csv", name="manager: figures export (CSV)")

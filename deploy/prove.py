"""The driver of deploy/prove.sh: stand up the production set-up and prove it works.

The set-up is what deploy/ ships, started the way systemd would start it: the gunicorn and
task-worker commands are read from the unit files (the checkout's path for /srv/muutostuki),
nginx runs deploy/nginx/muutostuki.conf with loopback ports, a throw-away certificate and
this run's folders, and the release steps of the README run first (compile_translations,
migrate on an empty database without createcachetable, collectstatic, check --deploy). The
cron jobs that the proofs wait for (send_queued_emails, requeue_stalled_tasks) run every few
seconds in this process, as the timers would. The only addition to the shipped nginx file is
a response header naming the instance that answered, which the proofs need to tell the two
apart.

The proofs, each printed with PASS or FAIL and its figures:

1. sign up, confirm the address from the mail, sign in on one instance, stay signed in on
   the other;
2. 200 concurrent registrations for a 20-seat event through nginx: 20 confirmed, the rest
   waitlisted, no 5xx;
3. every registration mail sent exactly once (two workers run); with the SMTP server down
   registrations succeed and the mails go out once it is back;
4. kill -9 of a gunicorn worker and of a task worker during a burst loses no registration and
   sends no mail twice;
5. an editor publishes a change on one instance; the other serves it at once;
6. a rate limit counted on both instances holds on both;
7. a document and a forum attachment cannot be fetched by a /media/ address through nginx;
8. a backup (pg_dump, media, private media) restores into a fresh database and is served.
"""

import contextlib
import datetime
import email
import email.policy
import hashlib
import html.parser
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
PY = REPO / ".venv" / "bin" / "python"
HOST = "127.0.0.1"
PORTS = {
    "web_a": 8311,
    "web_b": 8312,
    "web_restored": 8313,
    "redis": 8321,
    "smtp": 8325,
    "http": 8341,
    "https": 8343,
}
BASE = f"https://localhost:{PORTS['https']}"
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
SEATS = 20
BURST = 200
SMTP_DOWN_REGISTRATIONS = 20
STARTED = time.monotonic()
DEADLINE = STARTED + float(os.environ.get("PROVE_DEADLINE", "840"))
ADMIN_EMAIL = "toimitus@prove.example"
MEMBER_EMAIL = "jasen@prove.example"
PASSWORD = "Prove-" + secrets.token_urlsafe(12)
SIGNUP_EMAIL = "uusi.kayttaja@prove.example"


def say(text: str) -> None:
    sys.stdout.write(f"[{time.monotonic() - STARTED:6.1f}s] {text}\n")
    sys.stdout.flush()


def tool(name: str) -> str:
    """The full path of a program of the system."""
    path = shutil.which(name) or shutil.which(
        name, path="/usr/sbin:/usr/bin:/sbin:/bin"
    )
    if path is None:
        raise ProofFailed(f"{name} is not installed")
    return path


class ProofFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise ProofFailed(message)


def wait_for(what: str, predicate, *, timeout: float, interval: float = 1.0):
    """Poll `predicate` until it returns something truthy; fail after `timeout`."""
    limit = min(time.monotonic() + timeout, DEADLINE)
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > limit:
            raise ProofFailed(f"timed out waiting for {what}")
        time.sleep(interval)


# --- Processes -----------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def send(self, sig=signal.SIGTERM) -> None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(self, sig=signal.SIGTERM, timeout: float = 20) -> None:
        if self.popen.poll() is not None:
            return
        self.send(sig)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)

    def tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers of a master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return sorted(found)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


def unit_command(unit: str, instance: str) -> list[str]:
    """ExecStart of a deploy/systemd unit for one instance, for this checkout."""
    text = (DEPLOY / "systemd" / unit).read_text()
    [line] = [ln for ln in text.splitlines() if ln.startswith("ExecStart=")]
    command = line.removeprefix("ExecStart=")
    command = command.replace("/srv/muutostuki", str(REPO))
    command = command.replace("%i", instance).replace("%H", socket.gethostname())
    return shlex.split(command)


def timer_commands() -> dict[str, str]:
    """The management command each deploy/systemd timer runs, by timer name."""
    commands = {}
    for timer in sorted((DEPLOY / "systemd").glob("*.timer")):
        match = re.search(
            r"^Unit=muutostuki-manage@(\w+)\.service$", timer.read_text(), re.M
        )
        if match:
            commands[timer.stem] = match.group(1)
    return commands


# --- The SMTP sink -------------------------------------------------------------------------


@dataclass
class Delivery:
    message_id: str
    to: str
    subject: str
    text: str


class Sink:
    """An SMTP server on loopback that keeps every message; stopping it makes the port
    refuse connections, as a mail server that is down."""

    def __init__(self, port: int):
        self.port = port
        self.deliveries: list[Delivery] = []
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        body = message.get_body(preferencelist=("plain",))
        delivery = Delivery(
            message_id=str(message["Message-ID"] or ""),
            to=",".join(envelope.rcpt_tos).lower(),
            subject=str(message["Subject"] or ""),
            text=body.get_content() if body is not None else "",
        )
        with self.lock:
            self.deliveries.append(delivery)
        return "250 Message accepted"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[Delivery]:
        with self.lock:
            return [d for d in self.deliveries if d.to == address.lower()]

    def by_message_id(self) -> Counter:
        with self.lock:
            return Counter(d.message_id for d in self.deliveries)


# --- HTTP clients --------------------------------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """The forms of a page: action, method and the values a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
            }
            self.forms.append(self.current)
        elif self.current is not None and attrs.get("name"):
            name = attrs["name"]
            if tag == "input":
                kind = (attrs.get("type") or "text").lower()
                if kind in {"checkbox", "radio"} and "checked" not in attrs:
                    return
                if kind not in {"submit", "button", "image", "file"}:
                    self.current["fields"][name] = attrs.get("value") or ""
            elif tag == "textarea":
                self.textarea = name
                self.current["fields"][name] = ""
            elif tag == "select":
                self.current["fields"].setdefault(name, "")

    def handle_data(self, data):
        if self.current is not None and self.textarea:
            self.current["fields"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None


def form_with(page_html: str, field_name: str, action: str = "") -> dict:
    """The page's first POST form with this field (and this text in its action)."""
    parser = FormParser()
    parser.feed(page_html)
    for form in parser.forms:
        if (
            form["method"] == "post"
            and field_name in form["fields"]
            and action in form["action"]
        ):
            return form
    raise ProofFailed(f"no form with a {field_name!r} field on the page")


class Browser:
    """A person's HTTP client through nginx: TLS checked against this run's certificate,
    cookies kept, Origin and Referer sent as a browser sends them."""

    def __init__(self, certificate: Path):
        self.session = requests.Session()
        # Per request: a session's own `verify` loses to REQUESTS_CA_BUNDLE.
        self.verify = str(certificate)
        self.session.headers["User-Agent"] = "muutostuki-prove"
        self.last_url = BASE + "/"

    def get(self, path: str, **kwargs) -> requests.Response:
        response = self.session.get(
            BASE + path, timeout=120, verify=self.verify, **kwargs
        )
        self.last_url = response.url
        return response

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        headers = {"Origin": BASE, "Referer": self.last_url}
        return self.session.post(
            BASE + path,
            data=data,
            headers=headers,
            timeout=120,
            verify=self.verify,
            **kwargs,
        )

    def form(self, path: str, field_name: str, action: str = "") -> tuple[str, dict]:
        """Open the page: where its form with `field_name` goes, and its values."""
        page = self.get(path)
        check(page.status_code == 200, f"GET {path} answered {page.status_code}")
        form = form_with(page.text, field_name, action)
        return (form["action"] or path).removeprefix(BASE), form["fields"]

    def submit(self, path: str, field_name: str, values: dict, **kwargs):
        """Open the page, fill in the form that has `field_name`, send it."""
        action, fields = self.form(path, field_name, kwargs.pop("action", ""))
        return self.post(action, {**fields, **values}, **kwargs)


def served_by(response: requests.Response) -> str:
    return response.headers.get("X-Served-By", "")


# --- The run ---------------------------------------------------------------------------------


@dataclass
class Run:
    tmp: Path
    db: str
    env: dict
    processes: dict = field(default_factory=dict)
    databases: list = field(default_factory=list)
    sink: Sink | None = None
    certificate: Path | None = None
    results: list = field(default_factory=list)
    fixtures: dict = field(default_factory=dict)
    cron_stop: threading.Event = field(default_factory=threading.Event)
    cron_runs: Counter = field(default_factory=Counter)

    def start(self, name: str, command: list[str], **env) -> Process:
        log = self.tmp / "logs" / f"{name}.log"
        handle = log.open("ab")
        popen = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=REPO,
            env={**self.env, **env},
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        process = Process(name, popen, log)
        self.processes[name] = process
        return process

    def manage(self, *args: str, timeout: float = 300, **env) -> str:
        result = subprocess.run(  # noqa: S603 - our own commands
            [str(PY), "manage.py", *args],
            cwd=REPO,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=min(timeout, max(DEADLINE - time.monotonic(), 1)),
            check=False,
        )
        if result.returncode != 0:
            raise ProofFailed(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        if "Traceback" in result.stderr:
            raise ProofFailed(f"manage.py {' '.join(args)} printed a traceback")
        return result.stdout


def psql(*args: str, database: str = "postgres") -> str:
    result = subprocess.run(  # noqa: S603 - the PostgreSQL client
        [
            tool("psql"),
            "-h",
            PG["host"],
            "-p",
            PG["port"],
            "-U",
            PG["user"],
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qtA",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise ProofFailed(f"psql {args}: {result.stderr.strip()}")
    return result.stdout.strip()


def make_certificate(run: Run) -> Path:
    folder = run.tmp / "tls"
    folder.mkdir()
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - openssl from the system
        [
            tool("openssl"),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate


def nginx_site(run: Run) -> str:
    """deploy/nginx/muutostuki.conf with this run's ports, paths and certificate."""
    site = (DEPLOY / "nginx" / "muutostuki.conf").read_text()
    data = run.tmp / "data"
    replacements = [
        ("listen 80;", f"listen {HOST}:{PORTS['http']};"),
        ("    listen [::]:80;\n", ""),
        ("listen 443 ssl http2;", f"listen {HOST}:{PORTS['https']} ssl http2;"),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("server 127.0.0.1:8000 ", f"server {HOST}:{PORTS['web_a']} "),
        ("server 127.0.0.1:8001 ", f"server {HOST}:{PORTS['web_b']} "),
        ("server_name muutostuki.example;", "server_name localhost;"),
        (
            "/etc/letsencrypt/live/muutostuki.example/fullchain.pem",
            str(run.tmp / "tls" / "cert.pem"),
        ),
        (
            "/etc/letsencrypt/live/muutostuki.example/privkey.pem",
            str(run.tmp / "tls" / "key.pem"),
        ),
        ("/srv/muutostuki/var/static/", f"{data}/static/"),
        ("/srv/muutostuki/var/media/", f"{data}/media/"),
        ("root /var/www/html;", f"root {run.tmp}/acme;"),
        # The proofs' one addition: which instance answered.
        (
            "proxy_pass http://muutostuki_app;",
            "proxy_pass http://muutostuki_app;\n"
            "        add_header X-Served-By $upstream_addr always;",
        ),
    ]
    for old, new in replacements:
        if old not in site:
            raise ProofFailed(f"deploy/nginx/muutostuki.conf no longer has {old!r}")
        site = site.replace(old, new)
    return site


def start_nginx(run: Run) -> None:
    folder = run.tmp / "nginx"
    for sub in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(parents=True)
    (run.tmp / "acme").mkdir()
    (folder / "site.conf").write_text(nginx_site(run))
    (folder / "nginx.conf").write_text(
        f"""worker_processes 2;
pid {folder}/nginx.pid;
error_log {run.tmp}/logs/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {run.tmp}/logs/nginx-access.log;
    client_body_temp_path {folder}/client;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
"""
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    command = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    test = subprocess.run(  # noqa: S603 - nginx from the system
        [*command, "-t"], capture_output=True, text=True, timeout=60, check=False
    )
    if test.returncode != 0:
        raise ProofFailed(f"nginx -t refused the configuration:\n{test.stderr}")
    run.start("nginx", [*command, "-g", "daemon off;"])


def app_environment(tmp: Path, db: str) -> dict:
    data = tmp / "data"
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "SYSTEMROOT"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "localhost",
            "CSRF_TRUSTED_ORIGINS": BASE,
            "PORTAL_BASE_URL": BASE,
            "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{db}",
            "REDIS_URL": f"redis://{HOST}:{PORTS['redis']}/0",
            "PORTAL_TASK_BACKEND": "database",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": str(PORTS["smtp"]),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "5",
            "PORTAL_DATA_DIR": str(data),
            "PORTAL_LOG_FORMAT": "json",
            "PORTAL_TRUSTED_PROXY_COUNT": "1",
            "GUNICORN_WORKERS": "2",
            # Short periods, so that the proofs need not wait for the production ones:
            # a mail's task lost with its worker is taken over after 10 s, a task whose
            # worker died runs again after 20 s.
            "PORTAL_EMAIL_QUEUE_GRACE_SECONDS": "10",
            "PORTAL_TASK_STALLED_SECONDS": "20",
            # 400 guests register from this one machine's address.
            "PORTAL_EVENT_GUEST_REGISTRATIONS_PER_HOUR": "10000",
            # The editor of proof 5 signs in with a password only (MFA has its own tests).
            "PORTAL_STAFF_MFA_REQUIRED": "0",
        }
    )
    return env


def setup(run: Run) -> None:
    data = run.tmp / "data"
    for sub in ("media", "private", "static"):
        (data / sub).mkdir(parents=True)
    for port_name, port in PORTS.items():
        if not port_is_free(port):
            raise ProofFailed(f"port {port} ({port_name}) is in use")
    psql("-c", f"CREATE DATABASE {run.db}")
    run.databases.append(run.db)
    say(f"database {run.db} created; Redis on {PORTS['redis']}")
    run.start(
        "redis",
        [
            tool("redis-server"),
            "--port",
            str(PORTS["redis"]),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(run.tmp),
        ],
    )
    run.sink = Sink(PORTS["smtp"])
    run.sink.start()
    run.certificate = make_certificate(run)

    say("release steps of the README: compile_translations, migrate, collectstatic")
    run.manage("compile_translations")
    output = run.manage("migrate", "--no-input")
    check("Could not write" not in output, "migrate could not write to the cache")
    run.manage("collectstatic", "--no-input", "-v0")
    run.manage("check", "--deploy", "--fail-level", "WARNING")
    say("migrate on the empty database printed no traceback; check --deploy is clean")

    import django

    os.environ.update(run.env)
    os.environ["PORTAL_LOG_LEVEL"] = "CRITICAL"  # this process's own log stays quiet
    sys.path.insert(0, str(REPO))
    django.setup()
    run.fixtures = make_fixtures(run)

    for name, port in (("web_a", PORTS["web_a"]), ("web_b", PORTS["web_b"])):
        run.start(name, unit_command("muutostuki-web@.service", str(port)))
    for number in ("1", "2"):
        run.start(
            f"worker_{number}", unit_command("muutostuki-worker@.service", number)
        )
    start_nginx(run)
    # Make the data folders readable to nginx's workers (not the private one).
    for folder in (run.tmp, data, data / "static", data / "media"):
        folder.chmod(0o755)
    for path in (data / "media").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)

    def healthy():
        try:
            response = requests.get(
                BASE + "/health/", verify=str(run.certificate), timeout=10
            )
        except requests.RequestException:
            return None
        return response if response.status_code == 200 else None

    wait_for("both instances to answer /health/", healthy, timeout=120)
    seen = set()

    def both_answered():
        response = healthy()
        if response is not None:
            seen.add(served_by(response))
        return len(seen) >= 2

    wait_for("/health/ from both instances", both_answered, timeout=60, interval=0.2)
    say(f"nginx, gunicorn {sorted(seen)}, two task workers: /health/ {healthy().text}")
    threading.Thread(target=cron, args=(run,), daemon=True).start()


def cron(run: Run) -> None:
    """The timers of deploy/systemd that the proofs wait for, every 3 seconds."""
    from django.core.management import call_command
    from django.db import connection

    wanted = {"send_queued_emails", "requeue_stalled_tasks"}
    commands = sorted(wanted & set(timer_commands().values()))
    if set(commands) != wanted:
        raise SystemExit(f"deploy/systemd has no timer for {wanted - set(commands)}")
    while not run.cron_stop.wait(3):
        for command in commands:
            try:
                call_command(command, stdout=open(os.devnull, "w"))  # noqa: SIM115
                run.cron_runs[command] += 1
            except Exception:  # noqa: BLE001 - reported below, the loop goes on
                run.cron_runs[f"{command} failed"] += 1
    connection.close()


def make_fixtures(run: Run) -> dict:
    """What the proofs need, made as an editor and a member would make them: an editor,
    a verified member, a menu page, three 20-seat events, a document, an image and a
    forum post with an attachment."""
    import io

    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from allauth.account.models import EmailAddress
    from PIL import Image as PillowImage

    from events.models import EventIndexPage, EventPage
    from forums import services as forum_services
    from forums.models import Category
    from network.models import MemberProfile, Municipality
    from network.roles import MEMBERS_GROUP
    from portal.models import HomePage, StandardPage, User

    admin = User.objects.create_superuser(
        email=ADMIN_EMAIL, password=PASSWORD, first_name="Toimi", last_name="Toimittaja"
    )
    member = User.objects.create_user(
        email=MEMBER_EMAIL, password=PASSWORD, first_name="Jaana", last_name="Jäsen"
    )
    for user in (admin, member):
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
    MemberProfile.objects.create(
        user=member,
        status=MemberProfile.Status.VERIFIED,
        organisation_type=MemberProfile.OrganisationType.MUNICIPALITY,
        municipality=Municipality.objects.get(code="091"),
    )
    member.groups.add(Group.objects.get(name=MEMBERS_GROUP))

    root_collection = Collection.get_first_root_node()
    document = get_document_model()(title="Ohje", collection=root_collection)
    document.file.save("ohje-kunnille.pdf", ContentFile(b"%PDF-1.4\nohje\n%%EOF\n"))
    home = HomePage.objects.get(locale__language_code="fi")
    about = home.add_child(
        instance=StandardPage(
            title="Tietoa muutostuesta",
            slug="tietoa",
            show_in_menus=True,
            body=[
                {
                    "type": "documents",
                    "value": {
                        "heading": "Ohjeet",
                        "documents": [{"document": document.pk, "title": ""}],
                    },
                }
            ],
        )
    )
    about.save_revision().publish()
    index = home.add_child(
        instance=EventIndexPage(title="Tapahtumat", slug="tapahtumat")
    )
    index.save_revision().publish()
    starts = timezone.now() + datetime.timedelta(days=7)
    events = {}
    for key in ("burst", "smtp_down", "kill"):
        event = index.add_child(
            instance=EventPage(
                title=f"Infotilaisuus {key}",
                slug=f"infotilaisuus-{key.replace('_', '-')}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                online_meeting_url="https://teams.example/meet/prove",
                capacity=SEATS,
            )
        )
        event.save_revision().publish()
        events[key] = event.pk

    buffer = io.BytesIO()
    PillowImage.new("RGB", (320, 200), "teal").save(buffer, format="PNG")
    image = get_image_model()(
        title="Kaavio",
        collection=root_collection,
        file=ImageFile(buffer, name="kaavio.png"),
    )
    image.save()
    rendition = image.get_rendition("fill-160x100")

    category = Category.objects.create(
        slug="valmistelu", name_fi="Valmistelu", name_sv="Beredning", name_en="Prep"
    )
    topic = forum_services.start_topic(
        category=category,
        user=member,
        title="Kotoutumisohjelman aikataulu",
        body="Missä vaiheessa teillä on valmistelu?",
        uploads=[
            forum_services.check_upload(
                SimpleUploadedFile("muistio.txt", b"Kokousmuistio 3.12.")
            )
        ],
    )
    attachment = topic.posts.get().attachments.get()
    return {
        "about": about.pk,
        "events": events,
        "document": document,
        "image_url": rendition.url,
        "attachment": attachment,
    }


# --- The proofs ------------------------------------------------------------------------------


def proof(run: Run, number: int, title: str, function) -> None:
    say(f"{number}. {title}")
    try:
        details = function(run)
    except ProofFailed as error:
        run.results.append((number, title, False, str(error)))
        say(f"FAIL {number}. {title}: {error}")
    except Exception as error:  # noqa: BLE001 - a crash is a failed proof, with its trace
        run.results.append((number, title, False, f"{type(error).__name__}: {error}"))
        say(f"FAIL {number}. {title}: {type(error).__name__}: {error}")
        traceback.print_exc()
    else:
        run.results.append((number, title, True, details))
        say(f"PASS {number}. {title}: {details}")


def prove_sign_up(run: Run) -> str:
    person = Browser(run.certificate)
    response = person.submit(
        "/en/accounts/signup/",
        "password1",
        {
            "first_name": "Uusi",
            "last_name": "Käyttäjä",
            "email": SIGNUP_EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        allow_redirects=False,
    )
    check(response.status_code == 302, f"sign-up answered {response.status_code}")
    [mail] = wait_for(
        "the confirmation mail", lambda: run.sink.to(SIGNUP_EMAIL), timeout=90
    )
    found = re.search(
        r"https?://[^/\s]+(/\S*?/accounts/confirm-email/[^\s/]+/)", mail.text
    )
    check(found is not None, f"no confirmation link in the mail: {mail.text[:600]!r}")
    confirmed = person.submit(
        found.group(1), "csrfmiddlewaretoken", {}, action="confirm-email"
    )
    check(confirmed.status_code == 200, f"confirming answered {confirmed.status_code}")

    person = Browser(run.certificate)  # signs in afresh
    login = person.submit(
        "/en/accounts/login/",
        "password",
        {"login": SIGNUP_EMAIL, "password": PASSWORD},
        allow_redirects=False,
    )
    check(login.status_code == 302, f"sign-in answered {login.status_code}")
    first = served_by(login)

    def account_elsewhere():
        response = person.get("/en/network/account/", allow_redirects=False)
        return response if served_by(response) not in ("", first) else None

    account = wait_for("a request on the other instance", account_elsewhere, timeout=30)
    check(
        account.status_code == 200 and "Uusi" in account.text,
        f"My account on the other instance answered {account.status_code}",
    )
    return (
        f"confirmed from the mail, signed in on {first}, "
        f"My account 200 on {served_by(account)}"
    )


@dataclass
class Outcome:
    email: str
    statuses: list = field(default_factory=list)
    registered: bool = False
    error: str = ""


def open_registration(run: Run, event_id: int, email: str):
    """A guest opens the event page: the browser and the form values to send."""
    person = Browser(run.certificate)
    page = person.get(f"/en/events/{event_id}/register/")
    check(page.status_code == 200, f"the event page answered {page.status_code}")
    form = form_with(page.text, "website")
    fields = dict(form["fields"])
    if "csrfmiddlewaretoken" not in fields:
        # The page came from the anonymous page cache, which stores no token: fetch one
        # as the page's script does (portal/js/csrf-token.js).
        page_url = person.last_url
        answer = person.get("/csrf-token/", headers={"Accept": "application/json"})
        person.last_url = page_url  # the form is sent from the event page
        check(answer.status_code == 200, f"/csrf-token/ answered {answer.status_code}")
        fields[answer.json()["name"]] = answer.json()["token"]
    values = {
        **fields,
        "name": f"Vieras {email.split('@')[0]}",
        "email": email,
        "organisation": "Kunta",
        "website": "",
    }
    return person, values


def post_registration(person: Browser, event_id: int, values: dict, *, attempts: int):
    """Send the form, again after a 5xx or a dropped connection (as a person would
    press the button again); a 409 "already registered" after such a retry means an
    earlier attempt got through."""
    outcome = Outcome(email=values["email"])
    path = f"/en/events/{event_id}/register/"
    for attempt in range(attempts):
        try:
            response = person.post(path, values, allow_redirects=False)
        except requests.RequestException as error:
            outcome.statuses.append(type(error).__name__)
        else:
            outcome.statuses.append(response.status_code)
            location = response.headers.get("Location", "")
            if response.status_code == 302 and "/events/registrations/" in location:
                outcome.registered = True
                return outcome
            if response.status_code == 409 and "already registered" in response.text:
                outcome.registered = attempt > 0
                return outcome
            if response.status_code < 500:
                outcome.error = f"answered {response.status_code}"
                return outcome
        time.sleep(0.5 * (attempt + 1))
    outcome.error = f"gave up after {outcome.statuses}"
    return outcome


def guest_burst(
    run: Run, event_id: int, prefix: str, count: int, *, attempts=1, during=None
):
    """`count` guests open the event page; then all post the form at the same moment.
    `during(finished)` is called as posts finish (proof 4 kills processes from it)."""
    emails = [f"{prefix}{n:03d}@prove.example" for n in range(count)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        opened = list(pool.map(lambda e: open_registration(run, event_id, e), emails))
    gate = threading.Event()
    finished = Counter()
    lock = threading.Lock()

    def post(person_values):
        person, values = person_values
        gate.wait()
        outcome = post_registration(person, event_id, values, attempts=attempts)
        with lock:
            finished["n"] += 1
            count_now = finished["n"]
        if during is not None:
            during(count_now)
        return outcome

    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(post, item) for item in opened]
        time.sleep(1)
        started = time.monotonic()
        gate.set()
        outcomes = [future.result() for future in futures]
    return outcomes, time.monotonic() - started


def registrations_of(event_id: int) -> dict:
    from django.db.models import Count

    from events.models import Registration

    rows = Registration.objects.filter(event_id=event_id)
    return {
        "by_status": dict(
            rows.order_by().values_list("status").annotate(n=Count("pk"))
        ),
        "emails": Counter(rows.values_list("email", flat=True)),
    }


def mails_to(addresses) -> list:
    from portal.models import OutgoingEmail

    return list(OutgoingEmail.objects.filter(to__in=list(addresses)))


def delivered_once(run: Run, addresses, *, timeout: float) -> str:
    """Wait until every registration of these people has its confirmation or waitlist
    mail and every stored mail to them is sent; then check that each mail reached the
    SMTP sink exactly once (by its Message-ID) and that the sink got nothing else."""
    from events.models import Registration, RegistrationNotice
    from portal.models import OutgoingEmail
    from portal.tasks import message_id

    addresses = set(addresses)
    registrations = Registration.objects.filter(email__in=addresses)

    def unnoticed() -> int:
        noticed = RegistrationNotice.objects.filter(
            registration__in=registrations,
            kind__in=["confirmed", "waitlisted"],
            outgoing_email__status=OutgoingEmail.Status.SENT,
        ).values("registration_id")
        return registrations.exclude(pk__in=noticed).count()

    def all_sent():
        mails = mails_to(addresses)
        received = run.sink.by_message_id()
        if (
            mails
            and unnoticed() == 0
            and all(
                m.status == OutgoingEmail.Status.SENT and received[message_id(m)]
                for m in mails
            )
        ):
            return mails
        return None

    try:
        mails = wait_for("every mail to be sent", all_sent, timeout=timeout)
    except ProofFailed as error:
        raise ProofFailed(
            f"{error}: {unnoticed()} registrations without their mail, "
            f"{sum(m.status != 'sent' for m in mails_to(addresses))} mails unsent"
        ) from error
    received = run.sink.by_message_id()
    twice = [message_id(m) for m in mails if received[message_id(m)] != 1]
    check(
        not twice,
        f"{len(twice)} mails reached the SMTP server more than once: {twice[:3]}",
    )
    known = {message_id(m) for m in mails}
    unknown = [
        d
        for d in run.sink.deliveries
        if d.to in addresses and d.message_id not in known
    ]
    check(not unknown, f"{len(unknown)} deliveries of mails the queue does not know")
    return f"{len(mails)} mails, each received exactly once"


def task_workers(since: datetime.datetime) -> list[list[str]]:
    """The workers that took each task enqueued since then (more than one: run again)."""
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(enqueued_at__gte=since).values_list(
            "worker_ids", flat=True
        )
    )


def workers_used(since: datetime.datetime) -> set:
    return {worker for ids in task_workers(since) for worker in ids}


def prove_burst(run: Run) -> str:
    from django.utils import timezone

    event_id = run.fixtures["events"]["burst"]
    since = timezone.now()
    outcomes, seconds = guest_burst(run, event_id, "ryntays", BURST)
    statuses = Counter(s for o in outcomes for s in o.statuses)
    server_errors = sum(
        n for s, n in statuses.items() if not isinstance(s, int) or s >= 500
    )
    check(
        server_errors == 0, f"{server_errors} answers were 5xx or dropped: {statuses}"
    )
    failed = [o for o in outcomes if not o.registered]
    check(
        not failed,
        f"{len(failed)} registrations failed, e.g. {failed[0].error if failed else ''}",
    )
    stored = registrations_of(event_id)
    check(
        stored["by_status"] == {"confirmed": SEATS, "waitlisted": BURST - SEATS},
        f"stored {stored['by_status']}",
    )
    check(len(stored["emails"]) == BURST, "not one registration per person")
    run.fixtures["burst_since"] = since
    run.fixtures["burst_emails"] = [o.email for o in outcomes]
    return (
        f"{BURST} posts in {seconds:.1f} s: {SEATS} confirmed, {BURST - SEATS} "
        f"waitlisted, answers {dict(statuses)}"
    )


def prove_mail_once(run: Run) -> str:
    from django.utils import timezone

    from portal.models import OutgoingEmail

    burst = delivered_once(run, run.fixtures["burst_emails"], timeout=180)
    workers = workers_used(run.fixtures["burst_since"])
    check(len(workers) >= 2, f"only {workers} ran the tasks")

    run.sink.stop()
    check(port_is_free(PORTS["smtp"]), "the SMTP port still accepts connections")
    event_id = run.fixtures["events"]["smtp_down"]
    emails = [f"katko{n:02d}@prove.example" for n in range(SMTP_DOWN_REGISTRATIONS)]
    outcomes = []
    for address in emails:
        person, values = open_registration(run, event_id, address)
        outcomes.append(post_registration(person, event_id, values, attempts=1))
    failed = [o for o in outcomes if not o.registered]
    check(not failed, f"{len(failed)} registrations failed with SMTP down")

    def all_failed():
        mails = mails_to(emails)
        failed = [m for m in mails if m.status == OutgoingEmail.Status.FAILED]
        return mails if len(failed) == SMTP_DOWN_REGISTRATIONS == len(mails) else None

    attempted = wait_for("a failed attempt at every mail", all_failed, timeout=120)
    down_since = timezone.now()
    run.sink.start()
    back = delivered_once(run, emails, timeout=240)
    waited = (timezone.now() - down_since).total_seconds()
    return (
        f"burst: {burst}, by workers {sorted(workers)}; SMTP down: "
        f"{SMTP_DOWN_REGISTRATIONS} registrations stored, {len(attempted)} mails failed "
        f"to send, {back} {waited:.0f} s after the server came back"
    )


def prove_kill(run: Run) -> str:
    from django.utils import timezone

    event_id = run.fixtures["events"]["kill"]
    since = timezone.now()
    killed = {}

    def during(finished: int) -> None:
        if finished == BURST // 4 and not killed:
            killed["gunicorn"] = kill_gunicorn_worker(run, "web_a")
            killed["worker"] = kill_task_worker(run, "worker_1")

    outcomes, _seconds = guest_burst(
        run, event_id, "kaatuu", BURST, attempts=6, during=during
    )
    check(killed, "nothing was killed")
    statuses = Counter(s for o in outcomes for s in o.statuses)
    failed = [o for o in outcomes if not o.registered]
    check(not failed, f"{len(failed)} people did not get registered: {failed[:3]}")
    stored = registrations_of(event_id)
    check(
        stored["by_status"] == {"confirmed": SEATS, "waitlisted": BURST - SEATS},
        f"stored {stored['by_status']}",
    )
    duplicates = [e for e, n in stored["emails"].items() if n != 1]
    check(
        len(stored["emails"]) == BURST and not duplicates,
        f"{len(stored['emails'])} people registered, {len(duplicates)} twice",
    )
    mails = delivered_once(run, [o.email for o in outcomes], timeout=240)
    retried = sum(len(o.statuses) > 1 for o in outcomes)
    rerun = sum(len(ids) > 1 for ids in task_workers(since))
    return (
        f"killed gunicorn worker {killed['gunicorn']} and task worker "
        f"{killed['worker']} after {BURST // 4} answers; {retried} of {BURST} sent the "
        f"form again ({dict(statuses)}); {BURST} registered once each, {SEATS} "
        f"confirmed; {rerun} task(s) of the killed worker run again; {mails}"
    )


def kill_gunicorn_worker(run: Run, name: str) -> int:
    workers = children(run.processes[name].popen.pid)
    check(bool(workers), f"{name} has no workers")
    os.kill(workers[0], signal.SIGKILL)
    return workers[0]


def kill_task_worker(run: Run, name: str) -> int:
    """Kill the worker the moment it holds a task (within 10 seconds)."""
    from django_tasks_db.models import DBTaskResult

    process = run.processes[name]
    pid = process.popen.pid
    worker_id = unit_command("muutostuki-worker@.service", name[-1])[-1]
    holding = DBTaskResult.objects.filter(
        status="RUNNING", worker_ids__contains=[worker_id]
    )
    limit = time.monotonic() + 10
    while not holding.exists() and time.monotonic() < limit:
        time.sleep(0.005)
    os.killpg(pid, signal.SIGKILL)
    process.popen.wait(10)

    def restart():  # systemd's Restart=always, RestartSec=2
        time.sleep(2)
        run.start(name, unit_command("muutostuki-worker@.service", name[-1]))

    threading.Thread(target=restart, daemon=True).start()
    return pid


def prove_publish(run: Run) -> str:
    from playwright.sync_api import sync_playwright

    from portal.models import StandardPage

    new_title = f"Tietoa muutostuesta {secrets.token_hex(3)}"
    page_id = run.fixtures["about"]
    publishers = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            context = chromium.new_context(ignore_https_errors=True, base_url=BASE)
            context.set_default_timeout(90_000)
            tab = context.new_page()
            tab.goto("/en/accounts/login/")
            tab.fill('input[name="login"]', ADMIN_EMAIL)
            tab.fill('input[name="password"]', PASSWORD)
            tab.locator(
                'form:has(input[name="password"]) [type="submit"]'
            ).first.click()
            tab.wait_for_url(lambda url: "/accounts/login/" not in url)
            tab.goto(f"/admin/pages/{page_id}/edit/")
            tab.fill('input[name="title"]', new_title)
            tab.on(
                "response",
                lambda response: (
                    publishers.append(response.headers.get("x-served-by"))
                    if response.request.method == "POST"
                    and f"/admin/pages/{page_id}/edit/" in response.url
                    else None
                ),
            )
            with tab.expect_navigation():
                tab.evaluate(
                    "document.querySelector('button[name=\"action-publish\"]').click()"
                )
        finally:
            chromium.close()
    check(bool(publishers), "the editor's publish request was not seen")
    publisher = publishers[0]
    page = StandardPage.objects.get(pk=page_id)
    check(page.title == new_title and page.live, "the change was not published")

    reader = Browser(run.certificate)

    def home_elsewhere():
        response = reader.get("/fi/")
        return response if served_by(response) not in ("", publisher) else None

    home = wait_for("the home page from the other instance", home_elsewhere, timeout=30)
    check(new_title in home.text, "the other instance's menu shows the old title")

    def page_elsewhere():
        response = reader.get("/fi/tietoa/")
        return response if served_by(response) not in ("", publisher) else None

    shown = wait_for("the page from the other instance", page_elsewhere, timeout=30)
    check(new_title in shown.text, "the other instance serves the old version")
    return (
        f"published in the page editor on {publisher}; {served_by(home)} showed the new "
        "title in the menu and on the page at once"
    )


def prove_rate_limit(run: Run) -> str:
    """allauth's limit of 5 failed sign-ins per address in 5 minutes, counted in Redis:
    after 5 failures, wherever they were counted, both instances refuse even the right
    password (one of them counted fewer than 5 itself)."""
    counted = Counter()
    attacker = Browser(run.certificate)
    action, fields = attacker.form("/en/accounts/login/", "password")
    for _attempt in range(5):
        response = attacker.post(
            action,
            {**fields, "login": SIGNUP_EMAIL, "password": "wrong-password"},
            allow_redirects=False,
        )
        check(response.status_code != 302, "a wrong password signed in")
        counted[served_by(response)] += 1
    refused = {}
    owner = Browser(run.certificate)
    action, fields = owner.form("/en/accounts/login/", "password")
    for _attempt in range(10):
        response = owner.post(
            action,
            {**fields, "login": SIGNUP_EMAIL, "password": PASSWORD},
            allow_redirects=False,
        )
        limited = response.status_code == 429 or (
            "Too many failed login attempts" in response.text
        )
        check(
            response.status_code != 302 and limited,
            f"{served_by(response)} let the right password in after 5 failures "
            f"({dict(counted)})",
        )
        refused[served_by(response)] = response.status_code
        if len(refused) == 2:
            break
    check(len(refused) == 2, f"the refusals came from {sorted(refused)} only")
    return (
        f"5 failed sign-ins counted {dict(counted)}; then both instances refused the "
        f"right password: {refused}"
    )


def prove_private_files(run: Run) -> str:
    from django.conf import settings

    document = run.fixtures["document"]
    attachment = run.fixtures["attachment"]
    client = Browser(run.certificate)
    refused = {}
    probes = [
        f"/media/{document.file.name}",
        f"/media/forums/{attachment.file.name}",
        f"/media/{attachment.file.name}",
        f"/private/forums/{attachment.file.name}",
        f"/media/images/../{document.file.name}",
        f"/media/images/..%2f{document.file.name}",
    ]
    secret_bytes = {
        document.file.read(),
        Path(
            settings.PORTAL_PRIVATE_MEDIA_ROOT, "forums", attachment.file.name
        ).read_bytes(),
    }
    for probe in probes:
        response = client.get(probe, allow_redirects=False)
        refused[probe] = response.status_code
        check(
            response.status_code != 200 and response.content not in secret_bytes,
            f"{probe} answered {response.status_code}",
        )
    image = client.get(run.fixtures["image_url"])
    check(
        image.status_code == 200 and not served_by(image),
        f"the image rendition answered {image.status_code} from {served_by(image)!r}",
    )
    view = client.get(document.url)
    check(view.status_code == 200 and served_by(view), "the document view failed")
    statuses = sorted(Counter(refused.values()).items())
    return (
        f"{len(probes)} direct /media/ and private addresses refused {statuses}; the "
        "image rendition came from disk, the document through the portal's view"
    )


def prove_backup(run: Run) -> str:
    from django.conf import settings

    backup = run.tmp / "backup"
    backup.mkdir()
    dump = backup / "portal.dump"
    subprocess.run(  # noqa: S603 - the PostgreSQL client
        [
            tool("pg_dump"),
            "-h",
            PG["host"],
            "-p",
            PG["port"],
            "-U",
            PG["user"],
            "--format=custom",
            f"--file={dump}",
            run.db,
        ],
        check=True,
        timeout=300,
    )
    files = backup / "files.tar.gz"
    data = run.tmp / "data"
    subprocess.run(  # noqa: S603 - tar from the system
        [tool("tar"), "-C", str(data), "-czf", str(files), "media", "private"],
        check=True,
        timeout=300,
    )
    restored_db = f"{run.db}_restored"
    psql("-c", f"CREATE DATABASE {restored_db}")
    run.databases.append(restored_db)
    subprocess.run(  # noqa: S603 - the PostgreSQL client
        [
            tool("pg_restore"),
            "-h",
            PG["host"],
            "-p",
            PG["port"],
            "-U",
            PG["user"],
            "--no-owner",
            f"--dbname={restored_db}",
            str(dump),
        ],
        check=True,
        timeout=300,
    )
    restored = run.tmp / "restored"
    restored.mkdir()
    subprocess.run(  # noqa: S603 - tar from the system
        [tool("tar"), "-C", str(restored), "-xzf", str(files)], check=True, timeout=300
    )
    env = {
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{restored_db}",
        "MEDIA_ROOT": str(restored / "media"),
        "PORTAL_PRIVATE_MEDIA_ROOT": str(restored / "private"),
        "STATIC_ROOT": str(data / "static"),
        "REDIS_URL": f"redis://{HOST}:{PORTS['redis']}/1",
    }
    run.manage("migrate", "--check", **env)
    tables = (
        "portal_user",
        "events_registration",
        "portal_outgoingemail",
        "forums_attachment",
        "wagtaildocs_document",
        "wagtailcore_page",
    )
    # The table names are the constants above.
    counts = {
        table: tuple(
            psql("-c", f"SELECT count(*) FROM {table}", database=name)  # noqa: S608
            for name in (run.db, restored_db)
        )
        for table in tables
    }
    differ = {t: c for t, c in counts.items() if c[0] != c[1]}
    check(not differ, f"the restored database differs: {differ}")
    web = run.start(
        "web_restored",
        unit_command("muutostuki-web@.service", str(PORTS["web_restored"])),
        **env,
    )
    headers = {"Host": f"localhost:{PORTS['https']}", "X-Forwarded-Proto": "https"}
    origin = f"http://{HOST}:{PORTS['web_restored']}"

    def serves(path):
        try:
            return requests.get(origin + path, headers=headers, timeout=30)
        except requests.RequestException:
            return None

    wait_for(
        "the restored instance", lambda: serves("/health/") is not None, timeout=120
    )
    document = run.fixtures["document"]
    event_id = run.fixtures["events"]["burst"]
    pages = {
        "/fi/": serves("/fi/"),
        f"/en/events/{event_id}/register/": serves(f"/en/events/{event_id}/register/"),
        document.url: serves(document.url),
    }
    bad = {
        path: None if r is None else r.status_code
        for path, r in pages.items()
        if r is None or r.status_code != 200
    }
    check(not bad, f"the restored portal answered {bad}")
    check(
        pages[document.url].content == document.file.open().read(),
        "the document differs",
    )
    attachment = run.fixtures["attachment"]
    original = Path(settings.PORTAL_PRIVATE_MEDIA_ROOT, "forums", attachment.file.name)
    copy = restored / "private" / "forums" / attachment.file.name
    check(
        hashlib.sha256(original.read_bytes()).digest()
        == hashlib.sha256(copy.read_bytes()).digest(),
        "the forum attachment differs",
    )
    web.stop()
    rows = ", ".join(f"{t.split('_', 1)[1]} {c[0]}" for t, c in counts.items())
    return (
        f"pg_dump {dump.stat().st_size // 1024} kB and files {files.stat().st_size // 1024} kB "
        f"restored into {restored_db}: same rows ({rows}); home, event page and "
        "document served, attachment identical"
    )


# --- Main ------------------------------------------------------------------------------------


def cleanup(run: Run) -> None:
    run.cron_stop.set()
    processes = list(reversed(run.processes.values()))
    for process in processes:  # all at once, then wait for each
        process.send()
    for process in processes:
        process.stop()
    if run.sink is not None:
        run.sink.stop()
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()
    for database in run.databases:
        try:
            psql("-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        except ProofFailed as error:
            say(f"could not drop {database}: {error}")
    shutil.rmtree(run.tmp, ignore_errors=True)
    say("stopped every process, dropped the databases, removed " + str(run.tmp))


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="h3-prove-"))
    (tmp / "logs").mkdir()
    db = f"h3_prove_{os.getpid()}"
    run = Run(tmp=tmp, db=db, env=app_environment(tmp, db))

    def stop(signum, frame):
        raise SystemExit(f"stopped by {signal.Signals(signum).name}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        try:
            setup(run)
        except Exception as error:  # noqa: BLE001 - any failure of the set-up ends the run
            say(f"FAIL the set-up: {type(error).__name__}: {error}")
            traceback.print_exc()
            for process in run.processes.values():
                say(f"--- {process.name}\n{process.tail()}")
            return 1
        proof(
            run,
            1,
            "sign up, confirm, sign in on one instance, stay on the other",
            prove_sign_up,
        )
        proof(
            run, 2, f"{BURST} concurrent registrations for {SEATS} seats", prove_burst
        )
        proof(
            run,
            3,
            "every mail once with two workers; SMTP down and back",
            prove_mail_once,
        )
        proof(
            run,
            4,
            "kill -9 of a gunicorn worker and a task worker mid-burst",
            prove_kill,
        )
        proof(
            run,
            5,
            "an editor publishes on one instance, the other serves it",
            prove_publish,
        )
        proof(run, 6, "a rate limit counted across the instances", prove_rate_limit)
        proof(
            run,
            7,
            "documents and attachments not reachable under /media/",
            prove_private_files,
        )
        proof(run, 8, "backup and restore into a fresh database", prove_backup)
        failed = [r for r in run.results if not r[2]]
        if failed:
            for process in run.processes.values():
                say(f"--- {process.name} (last lines)\n{process.tail()}")
        say(f"cron runs: {dict(run.cron_runs)}")
        summary = [
            f"{'PASS' if ok else 'FAIL'} {number}. {title}: {details}"
            for number, title, ok, details in run.results
        ]
        summary.append(
            f"{len(run.results) - len(failed)} of {len(run.results)} proofs passed in "
            f"{time.monotonic() - STARTED:.0f} s"
        )
        sys.stdout.write("\n" + "\n".join(summary) + "\n")
        return 1 if failed else 0
    finally:
        cleanup(run)


if __name__ == "__main__":
    sys.exit(main())

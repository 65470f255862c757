"""The production set-up in deploy/ agrees with itself, the commands and the README; the
proof that runs it (deploy/prove.sh) is in CI."""

import importlib.util
import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"
README = (Path(settings.BASE_DIR) / "README.md").read_text()


def timer_commands() -> set[str]:
    commands = set()
    for timer in (DEPLOY / "systemd").glob("*.timer"):
        [command] = re.findall(
            r"^Unit=muutostuki-manage@(\w+)\.service$", timer.read_text(), re.M
        )
        commands.add(command)
    return commands


def test_every_timer_runs_a_command_that_exists():
    assert timer_commands() <= set(get_commands())
    assert {"publish_scheduled", "purge_expired_data", "send_queued_emails"} <= (
        timer_commands()
    )


def test_the_readme_cron_list_names_the_timers_commands():
    listed = set(re.findall(r"manage\.py (\w+)$", README, re.M)) - {
        "compile_translations",
        "migrate",
        "collectstatic",
        "check",
    }
    assert listed == timer_commands()


def test_nginx_serves_only_static_files_and_images_from_disk():
    site = (DEPLOY / "nginx" / "muutostuki.conf").read_text()
    served = dict(re.findall(r"location (\S+) \{\s+alias (\S+);", site))
    assert served == {
        "/static/": "/srv/muutostuki/var/static/",
        "/media/images/": "/srv/muutostuki/var/media/images/",
        "/media/original_images/": "/srv/muutostuki/var/media/original_images/",
    }
    assert re.search(r"location / \{\s+proxy_pass http://muutostuki_app;", site)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site


def test_the_proof_still_fits_the_nginx_site(tmp_path):
    spec = importlib.util.spec_from_file_location("prove", DEPLOY / "prove.py")
    prove = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(prove)
    run = prove.Run(tmp=tmp_path, db="unused", env={})

    site = prove.nginx_site(run)

    assert "alias /srv/" not in site
    assert f"listen 127.0.0.1:{prove.PORTS['https']} ssl" in site


def test_the_units_start_what_the_readme_describes():
    web = (DEPLOY / "systemd" / "muutostuki-web@.service").read_text()
    worker = (DEPLOY / "systemd" / "muutostuki-worker@.service").read_text()
    assert "gunicorn --config deploy/gunicorn.conf.py --bind 127.0.0.1:%i" in web
    assert "manage.py db_worker" in worker
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/muutostuki/muutostuki.env" in unit
        assert "Restart=always" in unit

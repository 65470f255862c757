"""Demo: good practices that the network's demo members share, in every review state.

The content is data: materials/demo/practices.yaml, with the files beside it in
materials/demo/practices/. Each practice goes through the same services as the "share a
practice" form and the office's review (files checked by content, review workflow,
notifications, the forum discussion on publication), dated relative to today. A practice
whose title already exists is left alone, so a second run changes nothing.

Registered to run after the network demo (the members), the materials demo (the library)
and the forum demo (the categories the discussions go to).
"""

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

import yaml

from materials import access as practice_access
from materials import services, validators
from materials.models import PracticePage
from network.models import Municipality
from portal.models import Theme, User

DATA_DIR = Path(__file__).resolve().parent
DATA_FILE = DATA_DIR / "practices.yaml"
FILES_DIR = DATA_DIR / "practices"

Log = Callable[[str], None]


def load() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def seed(*, log: Log) -> int:
    data = load()
    reviewer = User.objects.filter(email=data["reviewer"]).first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = []
    for spec in data["practices"]:
        title = spec["title"]
        if PracticePage.objects.filter(Q(title=title) | Q(draft_title=title)).exists():
            continue
        user = User.objects.filter(email=spec["shared_by"]).first()
        if user is None or not practice_access.can_share_practice(user):
            log(f"Practices: skipped “{title}”: {spec['shared_by']} is not a member.")
            continue
        share(spec, user=user, reviewer=reviewer, themes=themes)
        created.append(f"“{title}” ({spec['state']})")
    if created:
        log(f"Practices: shared {len(created)}: " + ", ".join(created) + ".")
    else:
        log("Practices: nothing to add.")
    return len(created)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def uploads(names: list[str]) -> list:
    """The demo files as uploads, checked by content like a member's."""
    checked = []
    for name in names:
        upload = SimpleUploadedFile(name, (FILES_DIR / name).read_bytes())
        checked.append((upload, validators.validate_practice_file(upload)))
    return checked


def content(spec: dict[str, Any], *, documents, themes) -> services.PracticeContent:
    codes = [spec["municipality"], *spec.get("partners", [])]
    by_code = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    return services.PracticeContent(
        title=spec["title"],
        summary=spec["summary"].strip(),
        problem=spec["problem"].strip(),
        description=spec.get("description", "").strip(),
        reform=spec["reform"],
        themes=[themes[slug] for slug in spec["themes"]],
        language=spec["language"],
        audience=spec["audience"],
        municipality=by_code[spec["municipality"]],
        partner_municipalities=[by_code[code] for code in spec.get("partners", [])],
        documents=documents,
        links=[(url, text) for text, url in spec.get("links", [])],
    )


def share(spec: dict[str, Any], *, user, reviewer, themes) -> None:
    documents = services.store_practice_files(
        user=user, files=uploads(spec.get("files", []))
    )
    shared = content(spec, documents=documents, themes=themes)
    submission = services.submit_practice(
        user=user,
        content=shared,
        is_contact_person=spec.get("contact_person", False),
        now=days_ago(spec["shared"]),
    )
    page = submission.page
    state = spec["state"]
    decided = days_ago(spec.get("decided", 0))
    if state in ("published", "update_in_review"):
        services.publish_practice(page=page, by=reviewer, now=decided)
    elif state == "changes_requested":
        services.request_practice_changes(
            page=page, by=reviewer, message=spec["message"], now=decided
        )
    elif state == "declined":
        services.decline_practice(
            page=page, by=reviewer, reason=spec["message"], now=decided
        )
    if state == "update_in_review":
        submission.refresh_from_db()
        updated = {**spec, **spec["update"]}
        services.update_practice(
            submission=submission,
            user=user,
            content=content(updated, documents=documents, themes=themes),
            is_contact_person=spec.get("contact_person", False),
            now=days_ago(1),
        )

"""Materials fixtures shared with the access matrix (imported by tests/conftest.py)."""

import pytest

from portal.access import Audience
from tests.factories.materials import (
    DocumentFactory,
    FaqPageFactory,
    MaterialIndexPageFactory,
    MaterialPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PracticePageFactory,
    QuestionFormPageFactory,
    attachment,
    share_practice,
)


@pytest.fixture
def material_index(home_page):
    return MaterialIndexPageFactory(parent=home_page)


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def members_material_document(db):
    return DocumentFactory(title="Jäsenten sopimusluonnos")


@pytest.fixture
def members_material(material_index, members_material_document):
    return MaterialPageFactory(
        parent=material_index,
        title="Sopimusmallin luonnos jäsenille",
        material_type="contract_template",
        audience=Audience.MEMBERS,
        attachments=[attachment(members_material_document)],
    )


@pytest.fixture
def signed_in_material_document(db):
    return DocumentFactory(title="Kirjautuneiden opas")


@pytest.fixture
def signed_in_material(material_index, signed_in_material_document):
    return MaterialPageFactory(
        parent=material_index,
        title="Opas kirjautuneille",
        audience=Audience.SIGNED_IN,
        attachments=[attachment(signed_in_material_document)],
    )


@pytest.fixture
def members_news(news_index):
    return NewsPageFactory(
        parent=news_index, title="Jäsenten uutiskirje", audience=Audience.MEMBERS
    )


@pytest.fixture
def members_practice_document(db):
    return DocumentFactory(title="Jäsenten sopimusmalli")


@pytest.fixture
def members_practice(material_index, members_practice_document):
    """A published practice for members only, with a file."""
    return PracticePageFactory(
        parent=material_index,
        title="Työllisyysalueen sopimus jäsenille",
        audience=Audience.MEMBERS,
        attachments=[attachment(members_practice_document)],
    )


@pytest.fixture
def shared_practice_document(db):
    return DocumentFactory(title="Luonnoksen liite")


@pytest.fixture
def shared_practice(material_index, member_user, shared_practice_document):
    """A practice the member has just shared: a draft waiting in the review."""
    return share_practice(
        user=member_user,
        title="Jaettu luonnos",
        documents=[shared_practice_document],
    )


@pytest.fixture
def question_form_page(home_page):
    """The ask-a-question form (its submissions are in the admin) with one question."""
    from materials.models import QuestionSubmission

    page = QuestionFormPageFactory(
        parent=FaqPageFactory(parent=home_page, slug="ukk-kysymykset"),
        slug="kysy-toimistolta",
    )
    QuestionSubmission.objects.create(
        page=page, email="kysyja@example.com", form_data={"kysymys": "Milloin?"}
    )
    return page

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

import factory
from wagtail_factories import PageFactory

from materials.models import (
    Expert,
    ExpertIndexPage,
    FaqPage,
    MaterialIndexPage,
    MaterialPage,
    NewsIndexPage,
    NewsPage,
    QuestionFormField,
    QuestionFormPage,
)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A small file in the root collection of the document library."""

    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Liite {n}")
    file = factory.django.FileField(
        filename=factory.Sequence(lambda n: f"liite-{n}.pdf"), data=b"%PDF-1.4\n%%EOF\n"
    )
    collection = factory.LazyFunction(Collection.get_first_root_node)


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Asiantuntija {n}")
    slug = factory.Sequence(lambda n: f"asiantuntija-{n}")
    title_fi = "Erityisasiantuntija"
    title_sv = "Specialsakkunnig"
    title_en = "Senior adviser"
    responsibilities_fi = "Kotoutumisohjelma ja rahoitus."
    responsibilities_sv = "Integrationsprogram och finansiering."
    email = factory.Sequence(lambda n: f"asiantuntija{n}@muutostuki.example")
    phone = "+358 29 500 0000"
    languages = factory.LazyFunction(lambda: ["fi", "sv"])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


def attachment(document, *, title: str = "", description: str = "") -> dict:
    """Raw stream data of a document attachment."""
    return {
        "type": "document",
        "value": {"document": document.pk, "title": title, "description": description},
    }


def external_link(url: str, title: str) -> dict:
    return {"type": "link", "value": {"url": url, "title": title, "description": ""}}


class MaterialIndexPageFactory(PageFactory):
    class Meta:
        model = MaterialIndexPage

    title = "Materiaalit"
    slug = "materiaalit"
    intro = "Oppaat, sopimusmallit ja esitykset."


class MaterialPageFactory(PageFactory):
    class Meta:
        model = MaterialPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Materiaali {n}")
    material_type = MaterialPage.MaterialType.GUIDE
    summary = "Opas kunnan valmistelijoille."
    published_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()


class FaqPageFactory(PageFactory):
    class Meta:
        model = FaqPage

    title = "Usein kysyttyä"
    slug = "usein-kysyttya"


def faq_section(
    *, theme=None, heading="", expert=None, questions=(), reviewed_on=None
) -> dict:
    """Raw stream data of one FAQ theme group; questions are (question, answer) pairs
    or dicts with more keys."""
    reviewed_on = reviewed_on or datetime.date(2025, 1, 15)
    items = []
    for question in questions:
        if isinstance(question, tuple):
            question = {"question": question[0], "answer": question[1]}
        items.append(
            {
                "question": question["question"],
                "anchor": question.get("anchor", ""),
                "answer": f"<p>{question['answer']}</p>",
                "reviewed_on": question.get("reviewed_on", reviewed_on).isoformat(),
                "related_materials": [
                    page.pk for page in question.get("related_materials", [])
                ],
            }
        )
    return {
        "type": "section",
        "value": {
            "theme": theme.pk if theme else None,
            "heading": heading,
            "expert": expert.pk if expert else None,
            "questions": items,
        },
    }


class QuestionFormPageFactory(PageFactory):
    class Meta:
        model = QuestionFormPage
        skip_postgeneration_save = True

    title = "Kysy meiltä"
    slug = "kysy"
    to_address = "kysymykset@muutostuki.example, neuvonta@muutostuki.example"
    subject = ""
    thank_you_text = "<p>Kiitos kysymyksestä!</p>"

    @factory.post_generation
    def question_field(self, create, extracted, **kwargs):
        """Editors' part of the form: the question itself."""
        if create and extracted is not False:
            QuestionFormField.objects.create(
                page=self,
                label="Kysymys",
                clean_name="kysymys",
                field_type="multiline",
                required=True,
            )


class ExpertIndexPageFactory(PageFactory):
    class Meta:
        model = ExpertIndexPage

    title = "Asiantuntijat"
    slug = "asiantuntijat"


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Ajankohtaista"
    slug = "ajankohtaista"


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Uutinen {n}")
    summary = "Lyhyesti uutisesta."
    published_on = factory.LazyFunction(timezone.localdate)
    author_name = "Muutostuen toimisto"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()


def bulk_material_pages(*, parent: MaterialIndexPage, count: int, **fields) -> None:
    """Add `count` live materials under `parent` fast: tree paths are computed here and
    the rows inserted directly, so no search or reference indexing happens for them.

    `fields` override the material's fields; a callable value gets the row number.
    """
    content_type = ContentType.objects.get_for_model(MaterialPage)
    last_child = parent.get_last_child()
    first_step = (
        MaterialPage._str2int(last_child.path[-MaterialPage.steplen :]) + 1
        if last_child
        else 1
    )
    now = timezone.now()
    pages = []
    for number in range(count):
        values = {
            "material_type": MaterialPage.MaterialType.GUIDE,
            "summary": "Opas kunnan valmistelijoille.",
            "published_on": timezone.localdate(),
            **{
                name: value(number) if callable(value) else value
                for name, value in fields.items()
            },
        }
        slug = values.pop("slug", f"bulk-{first_step + number}")
        title = values.pop("title", f"Materiaali {first_step + number}")
        pages.append(
            MaterialPage(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=MaterialPage._get_path(
                    parent.path, parent.depth + 1, first_step + number
                ),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                locale_id=parent.locale_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
                **values,
            )
        )
    page_fields = [
        field
        for field in Page._meta.concrete_fields
        if not field.primary_key and field.name != "id"
    ]
    created = Page.objects.bulk_create(
        [
            Page(
                **{field.attname: getattr(page, field.attname) for field in page_fields}
            )
            for page in pages
        ],
        batch_size=500,
    )
    for page, base in zip(pages, created, strict=True):
        page.page_ptr_id = page.id = base.pk
        page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)

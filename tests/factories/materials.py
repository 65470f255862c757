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
    PracticePage,
    QuestionFormField,
    QuestionFormPage,
)
from network.models import Municipality


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


# --- shared good practices -------------------------------------------------------------


class PracticePageFactory(PageFactory):
    """A published shared practice; its municipality is one of its municipalities."""

    class Meta:
        model = PracticePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Käytäntö {n}")
    summary = "Näin kunta ratkaisi ongelman."
    problem = "Asiakkaat eivät löytäneet palveluja."
    published_on = factory.LazyFunction(timezone.localdate)
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="091"))

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set([self.municipality, *(extracted or [])])
            self.save()

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()


def practice_content(**overrides):
    """What a member writes in the "share a practice" form, as the services take it."""
    from materials.services import PracticeContent
    from portal.models import Theme

    values = {
        "title": "Monikielinen neuvontapiste",
        "summary": "Neuvonta seitsemällä kielellä yhdessä paikassa.",
        "problem": "Asiakkaat kiersivät monessa toimipisteessä.",
        "description": "",
        "reform": "koto24",
        "themes": [Theme.objects.get(slug="ohjaus-ja-neuvonta")],
        "language": "fi",
        "audience": "public",
        "municipality": Municipality.objects.get(code="091"),
        "partner_municipalities": [],
        "documents": [],
        "links": [],
        **overrides,
    }
    return PracticeContent(**values)


def share_practice(*, user, is_contact_person=False, now=None, **overrides):
    """A practice shared through the service, waiting in the review."""
    from materials import services

    return services.submit_practice(
        user=user,
        content=practice_content(**overrides),
        is_contact_person=is_contact_person,
        now=now,
    )


def bulk_practice_pages(
    *, parent: MaterialIndexPage, count: int, codes: list[str], themes=()
) -> None:
    """`count` live shared practices under `parent`, inserted directly (no search or
    reference indexing); practice n comes from codes[n % len(codes)] with the next code
    as a second municipality."""
    content_type = ContentType.objects.get_for_model(PracticePage)
    parent = Page.objects.get(pk=parent.pk)  # its child count as it is now
    last_child = parent.get_last_child()
    first_step = (
        Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    )
    by_code = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    now = timezone.now()
    page_fields = [
        field
        for field in Page._meta.concrete_fields
        if not field.primary_key and field.name != "id"
    ]
    pages = []
    for number in range(count):
        step = first_step + number
        slug = f"kaytanto-{step}"
        title = f"Käytäntö {step}"
        pages.append(
            PracticePage(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(parent.path, parent.depth + 1, step),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                locale_id=parent.locale_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
                material_type=MaterialPage.MaterialType.GOOD_PRACTICE,
                summary="Näin kunta ratkaisi ongelman.",
                problem="Asiakkaat eivät löytäneet palveluja.",
                published_on=timezone.localdate(),
                municipality=by_code[codes[number % len(codes)]],
            )
        )
    created = Page.objects.bulk_create(
        [
            Page(**{f.attname: getattr(page, f.attname) for f in page_fields})
            for page in pages
        ],
        batch_size=500,
    )
    material_fields = MaterialPage._meta.concrete_fields
    links = PracticePage.municipalities.through
    theme_links = MaterialPage.themes.through
    rows, theme_rows = [], []
    for number, (page, base) in enumerate(zip(pages, created, strict=True)):
        page.page_ptr_id = page.materialpage_ptr_id = page.id = base.pk
        material = MaterialPage(
            **{f.attname: getattr(page, f.attname) for f in material_fields}
        )
        material.save_base(raw=True, force_insert=True)  # the materials row
        page.save_base(raw=True, force_insert=True)  # the practice's own row
        partner = by_code[codes[(number + 1) % len(codes)]]
        rows.append(
            links(practicepage_id=page.pk, municipality_id=page.municipality_id)
        )
        if partner.pk != page.municipality_id:
            rows.append(links(practicepage_id=page.pk, municipality_id=partner.pk))
        theme_rows += [
            theme_links(materialpage_id=page.pk, theme_id=theme.pk) for theme in themes
        ]
    links.objects.bulk_create(rows, batch_size=1000)
    theme_links.objects.bulk_create(theme_rows, batch_size=1000)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)

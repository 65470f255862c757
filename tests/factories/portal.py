from wagtail.models import Page

import factory
from wagtail_factories import PageFactory

from portal.models import StandardPage, StatementPage, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Sequence(lambda n: f"Etunimi{n}")
    last_name = factory.Sequence(lambda n: f"Sukunimi{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Give the user a verified primary e-mail address, as allauth would."""
        if not create or extracted is False:
            self.save()
            return
        from allauth.account.models import EmailAddress

        self.save()
        EmailAddress.objects.update_or_create(
            user=self,
            email=self.email,
            defaults={"verified": True, "primary": True},
        )


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Sivu {n}")
    intro = "Johdanto."


class StatementPageFactory(PageFactory):
    class Meta:
        model = StatementPage

    title = "Tietosuojaseloste"
    kind = StatementPage.Kind.PRIVACY
    reviewed_on = factory.Faker("date_object")


def root_page() -> Page:
    return Page.get_first_root_node()


def translate(page: Page, language: str, **changes) -> Page:
    """Copy a page into another locale with Wagtail's translation API, edit and publish it."""
    from wagtail.models import Locale

    translated = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated

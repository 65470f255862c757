import dataclasses

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.contrib.forms.forms import BaseForm

from materials.models.languages import Language
from materials.validators import validate_practice_file
from portal import access
from portal.access import Audience
from portal.models import Reform, Theme


def municipality_choices() -> list[tuple[str, str]]:
    from network.models.municipalities import municipality_names

    return [
        ("", _("Not a municipality")),
        *((code, name) for _pk, code, name in municipality_names()),
    ]


class QuestionForm(BaseForm):
    """The fixed part of the "ask a question" form: who asks, and a trap for bots.

    The form builder adds the editors' fields (the question itself…) to a subclass.
    """

    CONTACT_FIELDS = ("name", "email", "phone", "organisation", "municipality")
    HONEYPOT_FIELD = "website"

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("We answer to this address.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("E.g. the municipality's integration services."),
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"), choices=municipality_choices, required=False
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fixed = {*self.CONTACT_FIELDS, self.HONEYPOT_FIELD}
        extra = [name for name in self.fields if name not in fixed]
        self.order_fields([*extra, *self.CONTACT_FIELDS, self.HONEYPOT_FIELD])
        self.fields[self.HONEYPOT_FIELD].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    @classmethod
    def contact_fields(cls) -> list[tuple[str, forms.Field]]:
        return [(name, cls.base_fields[name]) for name in cls.CONTACT_FIELDS]

    @property
    def visible_fields_without_trap(self):
        return [field for field in self if field.name != self.HONEYPOT_FIELD]

    @property
    def trap(self):
        return self[self.HONEYPOT_FIELD]

    def is_spam(self) -> bool:
        """Bots fill every field; people never see the trap field."""
        return bool(self.cleaned_data.get(self.HONEYPOT_FIELD))

    def initial_for_user(self) -> dict[str, str]:
        """Contact details of a signed-in user, to save typing."""
        if not access.is_signed_in(self.user):
            return {}
        initial = {"name": self.user.get_full_name(), "email": self.user.email}
        profile = getattr(self.user, "profile", None)
        if profile is not None and profile.municipality_id:
            initial["municipality"] = profile.municipality.code
        return initial

    def submission_data(self) -> dict:
        """What is stored: the answers without the trap, the municipality by name."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name != self.HONEYPOT_FIELD
        }
        code = data.get("municipality")
        if code:
            names = dict(self.fields["municipality"].choices)
            data["municipality"] = f"{names[code]} ({code})"
        return data


class FaqSearchForm(forms.Form):
    """The FAQ page's own search: words and theme, filtered on the server."""

    q = forms.CharField(label=_("Search the questions"), max_length=100, required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        themes = {
            section.theme.slug: section.heading
            for section in sections
            if section.theme is not None
        }
        self.fields["theme"].choices = [("", _("All themes")), *themes.items()]

    def is_filtering(self) -> bool:
        return self.is_valid() and bool(
            self.cleaned_data["q"] or self.cleaned_data["theme"]
        )

    def filter(self, sections: list) -> list:
        """Only the groups and questions that match; all when nothing is asked."""
        if not self.is_filtering():
            return sections
        words = self.cleaned_data["q"].casefold().split()
        theme = self.cleaned_data["theme"]
        matching = []
        for section in sections:
            if theme and (section.theme is None or section.theme.slug != theme):
                continue
            entries = [entry for entry in section.entries if entry.matches(words)]
            if entries:
                matching.append(dataclasses.replace(section, entries=entries))
        return matching


class ExpertAdminForm(WagtailAdminModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.spoken,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Languages the expert serves in."),
    )

    def clean_languages(self) -> list[str]:
        """Stored in the order of the choices, whatever order they were ticked in."""
        chosen = set(self.cleaned_data["languages"])
        return [code for code, _label in Language.spoken() if code in chosen]


# --- shared good practices -------------------------------------------------------------

MAX_PRACTICE_FILES = 10
MAX_PRACTICE_LINKS = 10
UPLOAD_TOKEN_SALT = "materials.practice-uploads"  # noqa: S105 - a salt, not a secret
UPLOAD_TOKEN_MAX_AGE = 60 * 60 * 24


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked in `PracticeForm.clean_files`."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [file for file in files if file]


def municipality_code_choices() -> list[tuple[str, str]]:
    from network.models.municipalities import municipality_names

    return [(code, name) for _pk, code, name in municipality_names()]


class PracticeForm(forms.Form):
    """Sharing a good practice, or updating one: what the member writes and attaches.

    Files that pass the checks are kept when something else in the form is wrong
    (`remember_uploads`), so the person does not have to choose them again.
    """

    title = forms.CharField(
        label=_("Name of the practice"),
        max_length=200,
        help_text=_("E.g. “Joint guidance point of the employment area”."),
        error_messages={"required": _("Give the practice a name.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences shown in the library and in search."),
        error_messages={"required": _("Write a short summary.")},
    )
    problem = forms.CharField(
        label=_("What problem does it solve?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What was difficult before, and for whom. You can use simple formatting: "
            "**bold**, lists with - and links."
        ),
        error_messages={"required": _("Tell what problem the practice solves.")},
    )
    description = forms.CharField(
        label=_("How does it work? (optional)"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What you did, with whom, what it cost and what you learnt. The same "
            "formatting works here."
        ),
    )
    reform = forms.ChoiceField(
        label=_("Reform"),
        choices=Reform.choices,
        initial=Reform.BOTH,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reform the practice is for.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more, so that others find the practice."),
        error_messages={"required": _("Choose at least one theme.")},
    )
    municipality = forms.ChoiceField(
        label=_("Municipality the practice comes from"),
        choices=municipality_code_choices,
        error_messages={
            "required": _("Choose the municipality."),
            "invalid_choice": _("Choose a municipality from the list."),
        },
    )
    partner_municipalities = forms.MultipleChoiceField(
        label=_("Other municipalities in the practice (optional)"),
        choices=municipality_code_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "For a practice of a joint employment area or of several municipalities. "
            "Hold down Ctrl (Cmd on a Mac) to choose several."
        ),
        error_messages={"invalid_choice": _("Choose municipalities from the list.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the practice and its files"),
        choices=Language.choices,
        help_text=_(
            "The practice appears in the library of this language (Finnish for "
            "other languages)."
        ),
    )
    audience = forms.ChoiceField(
        label=_("Who may see it"),
        choices=[
            (Audience.PUBLIC, _("Everyone: the practice and its files are public")),
            (
                Audience.MEMBERS,
                _("Only verified members of the network, also for its files"),
            ),
        ],
        initial=Audience.PUBLIC,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who may see the practice.")},
    )
    files = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
    )
    kept_documents = forms.MultipleChoiceField(
        label=_("Files already attached"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Clear a file to remove it from the practice."),
    )
    upload_token = forms.CharField(required=False, widget=forms.HiddenInput)
    links = forms.CharField(
        label=_("Links (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: the link text, a space and the address, e.g. "
            "“Integration programme 2025 https://www.example.fi/programme”."
        ),
    )
    is_contact_person = forms.BooleanField(
        label=_("Show me as the contact person of the practice"),
        required=False,
        help_text=_(
            "Your name, title, organisation and e-mail address from your profile are "
            "shown on the practice's page, so that others can ask you about it."
        ),
    )
    confirms_rights = forms.BooleanField(
        label=_(
            "The texts and files contain no personal data of clients or other people, "
            "and my organisation agrees to share them."
        ),
        error_messages={
            "required": _("Confirm that the practice may be shared like this.")
        },
    )

    def __init__(self, *args, user, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.valid_uploads: list = []
        self._documents = {str(document.pk): document for document in documents}
        self._documents.update(
            {str(document.pk): document for document in self._token_documents()}
        )
        self._refresh_document_choices()
        self.fields["files"].help_text = _(
            "PDF, Word (DOCX), Excel (XLSX) or OpenDocument (ODT, ODS, ODP) files, "
            "up to %(limit)d MB each and %(count)d in all."
        ) % {"limit": settings.PORTAL_PRACTICE_MAX_FILE_MB, "count": MAX_PRACTICE_FILES}
        language = translation.get_language() or settings.LANGUAGE_CODE
        self.fields["language"].initial = (
            language if language in dict(Language.choices) else Language.FINNISH
        )

    def _refresh_document_choices(self) -> None:
        field = self.fields["kept_documents"]
        field.widget = (
            forms.CheckboxSelectMultiple()
            if self._documents
            else forms.MultipleHiddenInput()
        )
        field.choices = [
            (pk, document.title) for pk, document in self._documents.items()
        ]

    def _token_documents(self) -> list:
        """Files this person uploaded with an earlier try of this form."""
        from wagtail.documents import get_document_model

        token = self.data.get("upload_token", "") if self.is_bound else ""
        if not token:
            return []
        try:
            ids = signing.loads(
                token, salt=UPLOAD_TOKEN_SALT, max_age=UPLOAD_TOKEN_MAX_AGE
            )
        except signing.BadSignature:
            return []
        return list(
            get_document_model().objects.filter(
                pk__in=[int(pk) for pk in ids], uploaded_by_user=self.user
            )
        )

    def clean_files(self) -> list:
        """Each file is checked by its content; the valid ones are kept aside even
        when another one is refused."""
        errors = []
        for upload in self.cleaned_data.get("files", []):
            try:
                self.valid_uploads.append((upload, validate_practice_file(upload)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return self.valid_uploads

    def clean_links(self) -> list[tuple[str, str]]:
        """Lines of "text address" (or just the address): http and https only."""
        links = []
        validate = URLValidator(schemes=["http", "https"])
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines()]
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            *words, url = line.split()
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    _(
                        "Line %(number)d does not end with a web address that starts "
                        "with https:// or http://: “%(line)s”."
                    ),
                    params={"number": number, "line": line[:100]},
                ) from None
            links.append((url, (" ".join(words) or url)[:200]))
        if len(links) > MAX_PRACTICE_LINKS:
            raise ValidationError(
                _("A practice can have at most %(count)d links."),
                params={"count": MAX_PRACTICE_LINKS},
            )
        return links

    def clean(self):
        cleaned_data = super().clean()
        kept = cleaned_data.get("kept_documents") or []
        if len(kept) + len(self.valid_uploads) > MAX_PRACTICE_FILES:
            self.add_error(
                "files",
                _("A practice can have at most %(count)d files; remove some first.")
                % {"count": MAX_PRACTICE_FILES},
            )
        return cleaned_data

    def remember_uploads(self, documents) -> None:
        """After a failed try: the files just stored stay attached, and ticked, when
        the person sends the form again."""
        if not documents:
            return
        for document in documents:
            self._documents[str(document.pk)] = document
        self._refresh_document_choices()
        data = self.data.copy()
        data.setlist(
            "kept_documents",
            [*data.getlist("kept_documents"), *(str(d.pk) for d in documents)],
        )
        uploaded = [
            pk
            for pk, document in self._documents.items()
            if document.uploaded_by_user_id == self.user.pk
        ]
        data["upload_token"] = signing.dumps(uploaded, salt=UPLOAD_TOKEN_SALT)
        self.data = data

    def content(self, *, new_documents=()):
        """The cleaned data as the practice services take it."""
        from materials.services import PracticeContent
        from network.models import Municipality

        data = self.cleaned_data
        codes = [data["municipality"], *data["partner_municipalities"]]
        by_code = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
        return PracticeContent(
            title=data["title"].strip(),
            summary=data["summary"].strip(),
            problem=data["problem"].strip(),
            description=data["description"].strip(),
            reform=data["reform"],
            themes=list(data["themes"]),
            language=data["language"],
            audience=data["audience"],
            municipality=by_code[data["municipality"]],
            partner_municipalities=[
                by_code[code]
                for code in data["partner_municipalities"]
                if code in by_code
            ],
            documents=[
                *(self._documents[pk] for pk in data["kept_documents"]),
                *new_documents,
            ],
            links=data["links"],
        )


class PracticeChangesForm(forms.Form):
    """The office's message when it asks for changes (shown in the review modal)."""

    comment = forms.CharField(
        label=_("What should be changed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Sent to the person who shared the practice, in the portal's words around "
            "it; write it in their language."
        ),
        error_messages={"required": _("Write what the practice needs changed.")},
    )


class PracticeDeclineForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the person who shared the practice."),
        error_messages={"required": _("Write why the practice is declined.")},
    )

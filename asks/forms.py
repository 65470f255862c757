"""The short form of each kind of request, the guest's contact fields with a trap for
bots, and the forms of the requester's and the office's actions."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from asks.models import Request
from asks.services import Contact, RequestContent
from materials.models import Expert
from network.models import Municipality
from portal.models import Reform, Theme


class RequestForm(forms.Form):
    """What every kind asks: a subject, the reform and a theme."""

    kind = ""
    body_label = _("Description")

    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("A few words: the office sees this first."),
    )
    body = forms.CharField(
        label=_("Description"), widget=forms.Textarea, max_length=8000
    )
    reform = forms.ChoiceField(
        label=_("Reform"),
        choices=[("", _("Not about one reform")), *Reform.choices],
        required=False,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("sort_order", "name_fi"),
        required=False,
        empty_label=_("No particular theme"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = self.body_label

    def details(self) -> dict:
        return {}

    def content(self) -> RequestContent:
        data = self.cleaned_data
        return RequestContent(
            subject=data["subject"],
            body=data["body"],
            reform=data.get("reform", ""),
            theme=data.get("theme"),
            wished_expert=data.get("wished_expert"),
            may_publish=bool(data.get("may_publish")),
            details=self.details(),
        )


class SpeakerRequestForm(RequestForm):
    kind = Request.Kind.SPEAKER
    body_label = _("Topic and what you hope the speaker covers")

    event_date = forms.DateField(
        label=_("Date of the event"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_at = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        required=False,
    )
    event_format = forms.ChoiceField(
        label=_("On site or online"), choices=Request.EventFormat.choices
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("The address, or the platform of an online event."),
    )
    audience = forms.CharField(
        label=_("Audience"),
        max_length=200,
        help_text=_("E.g. the municipality's managers and integration workers."),
    )
    audience_size = forms.IntegerField(
        label=_("Size of the audience"), min_value=1, max_value=100000
    )
    wished_expert = forms.ModelChoiceField(
        label=_("Expert wished for"),
        queryset=Expert.objects.order_by("sort_order", "name"),
        required=False,
        empty_label=_("Anyone suitable"),
        help_text=_("From the office's expert directory."),
    )
    event_language = forms.ChoiceField(
        label=_("Language of the event"), choices=settings.LANGUAGES
    )
    in_calendar = forms.BooleanField(
        label=_("May be listed in the portal's calendar"),
        required=False,
        help_text=_(
            "If the office comes, the event may be shown in the portal's calendar and "
            "on the expert's page."
        ),
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if data.get("event_format") != Request.EventFormat.ONLINE and not data.get(
            "place"
        ):
            self.add_error("place", _("Tell us where the event is held."))
        return data

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "event_date": data["event_date"].isoformat(),
            "starts_at": data["starts_at"].strftime("%H:%M"),
            "ends_at": data["ends_at"].strftime("%H:%M") if data["ends_at"] else "",
            "event_format": data["event_format"],
            "place": data["place"],
            "audience": data["audience"],
            "audience_size": data["audience_size"],
            "event_language": data["event_language"],
            "in_calendar": data["in_calendar"],
        }


class ConsultationRequestForm(RequestForm):
    kind = Request.Kind.CONSULTATION
    body_label = _("What you would like to discuss")

    suitable_times = forms.CharField(
        label=_("A few times that suit you"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("E.g. “Tue 12.1. after 13, Thu 14.1. morning”."),
    )

    def details(self) -> dict:
        return {"suitable_times": self.cleaned_data["suitable_times"]}


class PublishConsentField(forms.Form):
    may_publish = forms.BooleanField(
        label=_("The question and its answer may be published anonymously"),
        required=False,
        help_text=_(
            "Without your name or municipality, e.g. in the FAQ, so that others "
            "benefit from the answer."
        ),
    )


class LegalQuestionForm(RequestForm, PublishConsentField):
    kind = Request.Kind.LEGAL
    body_label = _("Your question")

    question_municipality = forms.ModelChoiceField(
        label=_("Municipality the question concerns"),
        queryset=Municipality.objects.order_by("name_fi"),
        required=False,
    )

    def details(self) -> dict:
        municipality = self.cleaned_data.get("question_municipality")
        return {"question_municipality": municipality.code if municipality else ""}


class GeneralQuestionForm(RequestForm, PublishConsentField):
    kind = Request.Kind.GENERAL
    body_label = _("Your question")


FORMS: dict[str, type[RequestForm]] = {
    form.kind: form
    for form in (
        SpeakerRequestForm,
        ConsultationRequestForm,
        LegalQuestionForm,
        GeneralQuestionForm,
    )
}


class GuestContactFields(forms.Form):
    """Who asks without an account, and a trap field people never see; added to the
    form of a kind that guests may send (`guest_form_class`)."""

    HONEYPOT_FIELD = "website"

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("We answer to this address.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name_fi"),
        required=False,
        empty_label=_("Not a municipality"),
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.HONEYPOT_FIELD].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    CONTACT_FIELDS = ("name", "email", "phone", "organisation", "municipality")

    @property
    def trap(self):
        return self[self.HONEYPOT_FIELD]

    @property
    def contact_fields(self):
        return [self[name] for name in self.CONTACT_FIELDS]

    @property
    def request_fields(self):
        fixed = {*self.CONTACT_FIELDS, self.HONEYPOT_FIELD}
        return [field for field in self if field.name not in fixed]

    def is_spam(self) -> bool:
        """Bots fill every field; people never see the trap field."""
        return bool(self.cleaned_data.get(self.HONEYPOT_FIELD))

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            organisation=data["organisation"],
            municipality=data["municipality"],
        )


GUEST_FORMS: dict[str, type[RequestForm]] = {
    kind: type(f"Guest{FORMS[kind].__name__}", (FORMS[kind], GuestContactFields), {})
    for kind in Request.GUEST_KINDS
}


def form_class_for(kind: str, *, is_guest: bool) -> type[RequestForm]:
    return GUEST_FORMS[kind] if is_guest else FORMS[kind]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=8000
    )


class OfficeReplyForm(forms.Form):
    """The office's reply and what it does to the request."""

    OUTCOMES = [
        ("reply", _("Reply; the request stays as it is")),
        ("ask", _("Ask for more information; the request waits for the requester")),
        ("answer", _("This is the answer")),
        ("accept", _("Accept the request (speaker or consultation)")),
    ]

    body = forms.CharField(
        label=_("Message to the requester"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
        help_text=_(
            "Sent by e-mail in the requester's language and kept on the request."
        ),
    )
    outcome = forms.ChoiceField(
        label=_("What the reply does"), choices=OUTCOMES, widget=forms.RadioSelect
    )

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if outcomes is not None:
            self.fields["outcome"].choices = [
                choice for choice in self.OUTCOMES if choice[0] in outcomes
            ]


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Staff member"), queryset=None, required=False
    )
    expert = forms.ModelChoiceField(
        label=_("Expert"),
        queryset=Expert.objects.order_by("sort_order", "name"),
        required=False,
    )

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = handlers

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("expert"):
            raise forms.ValidationError(_("Choose a staff member, an expert or both."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The requester reads this in the mail and on the request."),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text=_("Only the office sees notes; the requester never does."),
    )


class EventDraftForm(forms.Form):
    """Where the event page of an accepted speaker request goes."""

    event_index = forms.ModelChoiceField(label=_("Events page"), queryset=None)

    def __init__(self, *args, event_indexes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_index"].queryset = event_indexes


class ForumTopicForm(forms.Form):
    """The forum topic an answered question becomes; nothing personal goes in."""

    category = forms.ModelChoiceField(label=_("Forum area"), queryset=None)
    title = forms.CharField(label=_("Title of the topic"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
        help_text=_("Markdown, as in the forum: **bold**, lists, links."),
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class FaqDraftForm(forms.Form):
    """The FAQ entry an answered question becomes; nothing personal goes in."""

    faq_page = forms.ModelChoiceField(label=_("FAQ page"), queryset=None)
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=8000
    )

    def __init__(self, *args, faq_pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faq_page"].queryset = faq_pages


# --- questions before a Q&A hour ------------------------------------------------------


class QuestionForm(forms.Form):
    """A question in advance, and whether the asker's name is shown with it."""

    body = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "The office answers the questions at the event; others can add a "
            "“me too”. Markdown, as in the forum."
        ),
    )
    shows_name = forms.BooleanField(
        label=_("Show my name with the question"),
        required=False,
        help_text=_("Otherwise the question is shown without a name."),
    )


class QuestionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Short answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Shown with the question once the answers are published."),
    )


class QuestionMergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=None)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = questions


class QuestionSettingsForm(forms.Form):
    is_open = forms.BooleanField(
        label=_("Take questions in advance"),
        required=False,
        help_text=_(
            "Registrants may send questions on the event page until it starts."
        ),
    )
    members_may_ask = forms.BooleanField(
        label=_("Members who have not registered may ask"),
        required=False,
        help_text=_("Verified network members may send questions without registering."),
    )

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .exceptions import AttachmentRejectedError
from .models import (
    BODY_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Category,
    ForumPreference,
)
from .services import MAX_ATTACHMENTS_PER_POST, check_attachment_count, check_upload
from .services.attachments import ALLOWED_EXTENSIONS, MAX_DOCUMENT_SIZE, MAX_IMAGE_SIZE

BODY_HELP = _(
    "Markdown works: **bold**, *italics*, lists, > quotes, `code`, links and tables. "
    "Mention a member with @First Last or with the part of their e-mail address "
    "before the @, e.g. @maija.virtanen."
)


UPLOAD_INTERRUPTED = _(
    "The attachment did not arrive in full: the connection was cut during the upload. "
    "Nothing was published and your text is kept below. Choose the file again and "
    "publish, or leave the attachment out."
)


class AttachmentsMixin(forms.Form):
    """Refuses a submission whose upload was cut off (`portal.uploads`): otherwise the
    text would be saved without the attachment and without a word."""

    def __init__(self, *args, upload_interrupted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_interrupted = upload_interrupted

    def clean(self):
        cleaned = super().clean()
        if self.upload_interrupted:
            self.add_error("attachments", UPLOAD_INTERRUPTED)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked against the attachment rules."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        checked, errors = [], []
        for file in cleaned:
            try:
                checked.append(check_upload(file))
            except AttachmentRejectedError as error:
                errors.append(ValidationError(str(error.message)))
        if errors:
            raise ValidationError(errors)
        return checked


def _attachments_help() -> str:
    return ngettext(
        "Up to %(count)d file: an image up to %(image_size)s or a document up to "
        "%(document_size)s. Allowed types: %(types)s.",
        "Up to %(count)d files: images up to %(image_size)s or documents up to "
        "%(document_size)s each. Allowed types: %(types)s.",
        MAX_ATTACHMENTS_PER_POST,
    ) % {
        "count": MAX_ATTACHMENTS_PER_POST,
        "image_size": filesizeformat(MAX_IMAGE_SIZE),
        "document_size": filesizeformat(MAX_DOCUMENT_SIZE),
        "types": ", ".join(ALLOWED_EXTENSIONS),
    }


def attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Attachments"), help_text=lazy(_attachments_help, str)()
    )


class EmailChoiceMixin(forms.Form):
    """Asks about e-mail notifications the first time a member writes (off by default)."""

    email_frequency = forms.ChoiceField(
        label=_("E-mail me about replies and mentions"),
        choices=ForumPreference.EmailFrequency.choices,
        initial=ForumPreference.EmailFrequency.OFF,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("You can change this at any time in My account."),
    )

    def __init__(self, *args, ask_email: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_email:
            del self.fields["email_frequency"]


class PostForm(AttachmentsMixin, EmailChoiceMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=BODY_HELP,
    )
    attachments = attachments_field()
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = ["body", "attachments", "email_frequency"]

    def __init__(self, *args, quoted_language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if quoted_language and not self.is_bound:
            # The box starts with the quoted post only, in the language it was written in.
            self.fields["body"].widget.attrs["lang"] = quoted_language

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        try:
            check_attachment_count(existing=0, adding=len(uploads))
        except AttachmentRejectedError as error:
            raise ValidationError(str(error.message)) from error
        return uploads


class TopicForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)

    field_order = ["title", "body", "attachments", "email_frequency"]


class EditPostForm(AttachmentsMixin, forms.Form):
    body = PostForm.base_fields["body"]
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = attachments_field()

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        if post.language:  # the text keeps the language it was written in
            self.fields["body"].widget.attrs["lang"] = post.language
        self.fields["remove_attachments"].queryset = post.attachments.all()
        if not post.attachments.exists():
            del self.fields["remove_attachments"]

    def clean(self):
        cleaned = super().clean()
        removing = cleaned.get("remove_attachments") or []
        try:
            check_attachment_count(
                existing=self.post.attachments.count() - len(removing),
                adding=len(cleaned.get("attachments") or []),
            )
        except AttachmentRejectedError as error:
            self.add_error("attachments", str(error.message))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(ReasonForm):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the moderators see your report and its reason."),
    )


class TopicModerationForm(forms.Form):
    """One moderation action on a topic; lock and hide need a reason, move a category."""

    ACTIONS = ["pin", "unpin", "lock", "unlock", "move", "hide", "unhide"]
    action = forms.ChoiceField(
        choices=[(action, action) for action in ACTIONS], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (shown on the topic)"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category = forms.ModelChoiceField(
        label=_("Move to category"),
        queryset=Category.objects.order_by("sort_order", "name_fi"),
        required=False,
        empty_label=None,
    )

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in ("lock", "hide") and not cleaned.get("reason"):
            self.add_error("reason", _("Give a reason."))
        if action == "move" and not cleaned.get("category"):
            self.add_error("category", _("Choose a category."))
        return cleaned


class PostModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", "hide"), ("restore", "restore")], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (shown in place of the post)"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hide" and not cleaned.get("reason"):
            self.add_error("reason", _("Give a reason."))
        return cleaned


class EmailPreferenceForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail notifications"),
        choices=ForumPreference.EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Collected e-mails come at most every 30 minutes; the daily digest in the "
            "morning. Both list mentions, replies to you and new posts you follow."
        ),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forum"), max_length=200, min_length=2)

    def words(self) -> list[str]:
        return self.cleaned_data["q"].split()[:8]

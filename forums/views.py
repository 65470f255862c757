"""The forum's pages. Every view lets in only verified members, moderators and staff
(`members_only`), checks the object through `network.access`, and calls the services."""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from forums import access as forum_access
from portal import access
from portal.links import safe_next, url_template
from portal.uploads import is_upload_interrupted

from . import services
from .exceptions import ForumError
from .forms import (
    EditPostForm,
    EmailPreferenceForm,
    PostForm,
    PostModerationForm,
    ReportForm,
    SearchForm,
    TopicForm,
    TopicModerationForm,
)
from .models import (
    POSTS_PER_PAGE,
    TOPICS_PER_PAGE,
    Attachment,
    Category,
    Notification,
    Post,
    Reaction,
    Subscription,
    Topic,
    TopicPosts,
)

FORUM_TITLE = gettext_lazy("Discussion forum")
SEARCH_RESULTS_PER_PAGE = 20
NOTIFICATIONS_PER_PAGE = 30


class TemporaryRedirect(HttpResponseRedirect):
    """307: a GET that lands elsewhere, told apart from the login redirect (302)."""

    status_code = 307


def members_only(view):
    """Anonymous visitors log in; signed-in non-members get the explanation page (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.is_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        if not access.can_view_members_content(request.user):
            return TemplateResponse(
                request,
                "network/members_only.html",
                {"title": FORUM_TITLE},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


def moderators_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not forum_access.can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return members_only(wrapper)


def _topic_or_404(request, pk: int) -> Topic:
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    if not forum_access.can_view_forum_topic(request.user, topic):
        raise Http404
    return topic


def _post_or_404(request, pk: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("topic__category", "author"), pk=pk
    )
    if not forum_access.can_view_forum_topic(request.user, post.topic):
        raise Http404
    return post


def _post_context(post: Post, **context) -> dict:
    """A post's page: the post with its topic and category (for the breadcrumbs)."""
    return {
        "post": post,
        "topic": post.topic,
        "category": post.topic.category,
        **context,
    }


def _error(request, error: ForumError, form=None):
    if form is not None:
        form.add_error(None, str(error.message))
    else:
        messages.error(request, error.message)
    return error.status_code


def _email_choice(request) -> dict:
    """Ask about e-mail notifications until the member has chosen once."""
    return {"ask_email": not services.preference_for(request.user).has_chosen_email}


# --- Reading ------------------------------------------------------------------------------


@members_only
@require_GET
def index(request):
    return render(
        request,
        "forums/index.html",
        {
            "categories": Category.objects.for_index(),
            "search_form": SearchForm(),
            "can_moderate": forum_access.can_moderate(request.user),
        },
    )


@members_only
@require_GET
def category(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    preference = services.preference_for(request.user)
    topics = Topic.objects.filter(category=category).for_list(
        request.user, all_read_at=preference.all_read_at
    )
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    is_subscribed = services.is_subscribed(user=request.user, category=category)
    return render(
        request,
        "forums/category.html",
        {"category": category, "page_obj": page, "is_subscribed": is_subscribed},
    )


@members_only
@require_GET
def topic(request, pk: int):
    topic = _topic_or_404(request, pk)
    posts = TopicPosts(topic, Post.objects.with_reactions_of(request.user))
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    if page.object_list:
        services.mark_topic_read(
            user=request.user, topic=topic, position=page.object_list[-1].position
        )
    reader = forum_access.TopicReader(request.user, topic)
    _shown_posts(reader, page.object_list)
    context = {
        "topic": topic,
        "category": topic.category,
        "page_obj": page,
        "is_subscribed": services.is_subscribed(user=request.user, topic=topic),
        "can_reply": reader.can_post,
        "can_moderate": reader.is_moderator,
        "form": PostForm(**_email_choice(request)),
    }
    return render(request, "forums/topic.html", context)


@dataclass
class ShownPost:
    """What the topic page offers on one post: the addresses (each reversed once per page
    by `url_template`) of what the reader may do with it, and its reactions as
    (label, count, address to react, whether the reader did): an address only where the
    reader may react."""

    permalink: str
    can_read: bool
    reactions: list[tuple[str, int, str, bool]]
    quote_url: str = ""
    edit_url: str = ""
    delete_url: str = ""
    report_url: str = ""
    moderate_url: str = ""


def _shown_posts(reader: forum_access.TopicReader, posts: list[Post]) -> None:
    """Set `post.shown` (a `ShownPost`) on each post of a page of the topic: the rules
    asked through one `TopicReader`, no `reverse` per post."""
    permalink = url_template("forums:post", None)
    react = url_template("forums:post_react", None, None)
    quote = url_template("forums:reply", reader.topic.pk) + "?quote={0}"
    edit = url_template("forums:post_edit", None)
    delete = url_template("forums:post_delete", None)
    report = url_template("forums:post_report", None)
    moderate = url_template("forums:post_moderate", None)
    kinds = [(kind, str(label)) for kind, label in Reaction.Kind.choices]
    for post in posts:
        pk = post.pk
        can_respond = reader.can_respond(post)
        reactions = []
        if post.is_visible:
            for kind, label in kinds:
                reactions.append(
                    (
                        label,
                        post.reaction_count(kind),
                        react.format(pk, kind) if can_respond else "",
                        bool(getattr(post, f"reacted_{kind}", False)),
                    )
                )
        post.shown = ShownPost(
            permalink=permalink.format(pk),
            can_read=reader.can_read(post),
            reactions=reactions,
            quote_url=quote.format(pk) if post.is_visible and reader.can_post else "",
            edit_url=edit.format(pk) if reader.can_edit(post) else "",
            delete_url=delete.format(pk) if reader.can_delete(post) else "",
            report_url=report.format(pk) if can_respond else "",
            moderate_url=(
                moderate.format(pk)
                if reader.is_moderator and not post.is_deleted
                else ""
            ),
        )


@members_only
@require_GET
def topic_first_unread(request, pk: int):
    topic = _topic_or_404(request, pk)
    post = services.first_unread_post(user=request.user, topic=topic)
    if post is None:
        return TemporaryRedirect(topic.get_absolute_url())
    return TemporaryRedirect(_post_location(post))


@members_only
@require_GET
def post_permalink(request, pk: int):
    """The permanent link of a post: to its page of the topic, at the post."""
    return TemporaryRedirect(_post_location(_post_or_404(request, pk)))


def _post_location(post: Post) -> str:
    page = f"?page={post.page_number}" if post.page_number > 1 else ""
    return f"{post.topic.get_absolute_url()}{page}#{post.anchor}"


@members_only
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    topics, page = [], None
    if form.is_valid():
        topics = Topic.objects.shown().matching(form.words())[:SEARCH_RESULTS_PER_PAGE]
        posts = Post.objects.matching(form.words())
        page = Paginator(posts, SEARCH_RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "forums/search.html",
        {"form": form, "topics": topics, "page_obj": page},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@members_only
@require_GET
def attachment(request, pk: int, filename: str):
    """Serve an attachment to those who may read its post; never from a public URL."""
    item = get_object_or_404(Attachment.objects.select_related("post__topic"), pk=pk)
    if filename != item.original_name or not forum_access.can_read_forum_post(
        request.user, item.post
    ):
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=not item.is_image,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Writing ------------------------------------------------------------------------------


@members_only
def topic_create(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    form = TopicForm(
        request.POST or None,
        request.FILES or None,
        upload_interrupted=is_upload_interrupted(request),
        **_email_choice(request),
    )
    refusal = None
    status = 400 if form.is_bound else 200
    if form.is_valid():
        try:
            topic = services.start_topic(
                category=category,
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
                email_frequency=form.cleaned_data.get("email_frequency", ""),
            )
        except ForumError as error:
            refusal = error
            status = _error(request, error, form)
        else:
            messages.success(request, _("Your topic was published."))
            return redirect(topic)
    response = render(
        request,
        "forums/topic_form.html",
        {"category": category, "form": form},
        status=status,
    )
    return refusal.apply_to(response) if refusal else response


@members_only
def reply(request, pk: int):
    topic = _topic_or_404(request, pk)
    if not forum_access.can_post_in_topic(request.user, topic):
        raise PermissionDenied
    quoting = _quoted_post(request, topic)
    initial = {"body": services.quote_for_reply(post=quoting)} if quoting else {}
    if quoting:
        initial["quote"] = quoting.pk
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        quoted_language=quoting.language if quoting else "",
        upload_interrupted=is_upload_interrupted(request),
        **_email_choice(request),
    )
    refusal = None
    status = 400 if form.is_bound else 200
    if form.is_valid():
        try:
            post = services.reply_to_topic(
                topic=topic,
                user=request.user,
                body=form.cleaned_data["body"],
                quoting=quoting,
                uploads=form.cleaned_data["attachments"],
                email_frequency=form.cleaned_data.get("email_frequency", ""),
            )
        except ForumError as error:
            refusal = error
            status = _error(request, error, form)
        else:
            messages.success(request, _("Your reply was published."))
            return redirect(_post_location(post))
    context = {
        "topic": topic,
        "category": topic.category,
        "form": form,
        "quoting": quoting,
    }
    response = render(request, "forums/reply_form.html", context, status=status)
    return refusal.apply_to(response) if refusal else response


def _quoted_post(request, topic: Topic) -> Post | None:
    raw = request.POST.get("quote") or request.GET.get("quote") or ""
    if not raw.isdigit():
        return None
    post = topic.posts.select_related("author").filter(pk=int(raw)).first()
    return post if post is not None and post.is_visible else None


@members_only
def post_edit(request, pk: int):
    post = _post_or_404(request, pk)
    if not forum_access.can_edit_forum_post(request.user, post):
        raise PermissionDenied
    form = EditPostForm(
        request.POST or None,
        request.FILES or None,
        post=post,
        initial={"body": post.body},
        upload_interrupted=is_upload_interrupted(request),
    )
    status = 400 if form.is_bound else 200
    if form.is_valid():
        try:
            services.edit_post(
                post=post,
                user=request.user,
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
                remove_attachments=form.cleaned_data.get("remove_attachments") or [],
            )
        except ForumError as error:
            status = _error(request, error, form)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(_post_location(post))
    return render(
        request, "forums/post_edit.html", _post_context(post, form=form), status=status
    )


@members_only
def post_delete(request, pk: int):
    post = _post_or_404(request, pk)
    if not forum_access.can_delete_forum_post(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_post(post=post, user=request.user)
        messages.success(request, _("Your post was deleted."))
        return redirect(_post_location(post))
    return render(request, "forums/post_delete.html", _post_context(post))


@members_only
@require_POST
def post_react(request, pk: int, kind: str):
    """Toggle the member's "thanks" or "useful" on a post (a plain form, no script)."""
    post = _post_or_404(request, pk)
    if kind not in Reaction.Kind.values:
        raise Http404
    toggle = (
        services.remove_reaction
        if services.has_reacted(post=post, user=request.user, kind=kind)
        else services.add_reaction
    )
    try:
        toggle(post=post, user=request.user, kind=kind)
    except ForumError as error:
        _error(request, error)
    return redirect(_post_location(post))


@members_only
def post_report(request, pk: int):
    post = _post_or_404(request, pk)
    if not forum_access.can_respond_to_forum_post(request.user, post):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    refusal = None
    status = 400 if form.is_bound else 200
    if form.is_valid():
        try:
            services.report_post(
                post=post, reporter=request.user, reason=form.cleaned_data["reason"]
            )
        except ForumError as error:
            refusal = error
            status = _error(request, error, form)
        else:
            messages.success(
                request, _("Thank you. The moderators will look at the post.")
            )
            return redirect(_post_location(post))
    response = render(
        request,
        "forums/post_report.html",
        _post_context(post, form=form),
        status=status,
    )
    return refusal.apply_to(response) if refusal else response


# --- Following and notifications ----------------------------------------------------------


@members_only
@require_POST
def topic_subscription(request, pk: int):
    topic = _topic_or_404(request, pk)
    if services.is_subscribed(user=request.user, topic=topic):
        services.unsubscribe_from_topic(user=request.user, topic=topic)
        messages.success(request, _("You no longer follow this topic."))
    else:
        services.subscribe_to_topic(user=request.user, topic=topic)
        messages.success(request, _("You now follow this topic."))
    return redirect(safe_next(request, topic.get_absolute_url()))


@members_only
@require_POST
def category_subscription(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    if services.is_subscribed(user=request.user, category=category):
        services.unsubscribe_from_category(user=request.user, category=category)
        messages.success(request, _("You no longer follow this category."))
    else:
        services.subscribe_to_category(user=request.user, category=category)
        messages.success(request, _("You now follow this category."))
    return redirect(safe_next(request, category.get_absolute_url()))


@members_only
@require_GET
@never_cache
def notifications(request):
    items = Notification.objects.for_user(request.user).for_list()
    page = Paginator(items, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forums/notifications.html", {"page_obj": page})


@members_only
@require_POST
def notifications_read(request):
    services.mark_notifications_read(user=request.user)
    messages.success(request, _("All notifications are marked read."))
    return redirect("forums:notifications")


@members_only
@require_POST
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    messages.success(request, _("Everything in the forum is marked read."))
    return redirect("forums:index")


@members_only
@never_cache
def preferences(request):
    preference = services.preference_for(request.user)
    form = EmailPreferenceForm(
        request.POST or None, initial={"email_frequency": preference.email_frequency}
    )
    if form.is_valid():
        services.set_email_frequency(
            user=request.user, frequency=form.cleaned_data["email_frequency"]
        )
        messages.success(request, _("Your e-mail choice was saved."))
        return redirect(safe_next(request, reverse("forums:preferences")))
    subscriptions = Subscription.objects.for_account(request.user)
    context = {"form": form, "subscriptions": subscriptions}
    return render(
        request,
        "forums/preferences.html",
        context,
        status=400 if form.is_bound else 200,
    )


@csrf_exempt  # mail programs POST here without a token (RFC 8058); the token is signed
def unsubscribe(request, token: str):
    """Turn forum e-mail off from the link or the one-click button of a mail, without
    logging in. A GET only asks (mail scanners open links); a POST turns it off."""
    user = services.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "forums/unsubscribe.html", {"invalid": True}, status=404)
    done = request.method == "POST"
    if done:
        services.stop_forum_emails(user=user)
    return render(request, "forums/unsubscribe.html", {"done": done})


# --- Moderation ---------------------------------------------------------------------------

TOPIC_ACTIONS = {
    "pin": lambda topic, user, data: services.pin_topic(topic=topic, moderator=user),
    "unpin": lambda topic, user, data: services.unpin_topic(
        topic=topic, moderator=user
    ),
    "lock": lambda topic, user, data: services.lock_topic(
        topic=topic, moderator=user, reason=data["reason"]
    ),
    "unlock": lambda topic, user, data: services.unlock_topic(
        topic=topic, moderator=user
    ),
    "move": lambda topic, user, data: services.move_topic(
        topic=topic, moderator=user, category=data["category"]
    ),
    "hide": lambda topic, user, data: services.hide_topic(
        topic=topic, moderator=user, reason=data["reason"]
    ),
    "unhide": lambda topic, user, data: services.unhide_topic(
        topic=topic, moderator=user
    ),
}


@moderators_only
def topic_moderate(request, pk: int):
    topic = _topic_or_404(request, pk)
    form = TopicModerationForm(request.POST or None)
    status = 400 if form.is_bound else 200
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            TOPIC_ACTIONS[action](topic, request.user, form.cleaned_data)
        except ForumError as error:
            status = _error(request, error, form)
        else:
            messages.success(request, _("The topic was updated."))
            return redirect(topic)
    context = {"topic": topic, "category": topic.category, "form": form}
    return render(request, "forums/topic_moderate.html", context, status=status)


@moderators_only
def post_moderate(request, pk: int):
    post = _post_or_404(request, pk)
    form = PostModerationForm(request.POST or None)
    status = 400 if form.is_bound else 200
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "hide":
                reason = form.cleaned_data["reason"]
                services.hide_post(post=post, moderator=request.user, reason=reason)
            else:
                services.restore_post(post=post, moderator=request.user)
        except ForumError as error:
            status = _error(request, error, form)
        else:
            messages.success(request, _("The post was updated."))
            return redirect(_post_location(post))
    return render(
        request,
        "forums/post_moderate.html",
        _post_context(post, form=form),
        status=status,
    )

"""Public survey views: answering (page routes of `SurveyPage`), the thank-you page,
published results, personal invitation links and preparers' sign-up links."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from network.models import Municipality
from portal import access
from portal.ratelimit import client_address
from surveys import access as survey_access
from surveys import results as survey_results
from surveys import services
from surveys.blocks import FormContext, survey_items
from surveys.emails import answer_lines
from surveys.exceptions import InvalidToken, SurveyError, UnknownAction
from surveys.filters import MunicipalityFilter
from surveys.forms import SurveyForm
from surveys.models import SurveyPage, SurveyResponse

SESSION_INVITATIONS = "surveys_invitations"
SESSION_SIGNUP = "surveys_signup_municipality"
MAX_ROWS = 20
#: The form's two saving buttons (`name="action"`); "add:<question>" adds a person row.
SUBMIT = "submit"
DRAFT = "draft"


def respondent_for(request, survey) -> services.Respondent:
    """The signed-in user and the municipality of an invitation link opened earlier."""
    invited = request.session.get(SESSION_INVITATIONS, {}).get(str(survey.pk))
    municipality = Municipality.objects.filter(pk=invited).first() if invited else None
    return services.Respondent(user=request.user, invited_municipality=municipality)


def posted_rows(data) -> dict[str, int]:
    """Rows of each contact-person group as the form showed them (hidden `rows-<id>`)."""
    rows = {}
    for key, value in (data or {}).items():
        if key.startswith("rows-") and str(value).isdigit():
            rows[key.removeprefix("rows-")] = max(1, min(int(value), MAX_ROWS))
    return rows


def build_form(page, respondent, response, *, data=None, complete=False, add_to=""):
    survey = page.canonical
    context = FormContext(
        language=translation.get_language() or "fi",
        fixed_municipality=services.fixed_municipality(
            survey=survey, respondent=respondent
        ),
        default_municipality=services.profile_municipality(respondent.signed_in_user),
        initial_answers=response.answers if response else {},
        posted_rows=posted_rows(data),
        add_person_to=add_to,
    )
    return SurveyForm(
        data, items=survey_items(page.questions), context=context, complete=complete
    )


def render_survey(request, page, *, form, response, respondent, status=200, error=None):
    survey, now = page.canonical, timezone.now()
    state = (
        "open"
        if survey.is_open(now)
        else "closed"
        if survey.is_closed(now)
        else "not_open"
    )
    context = {
        "survey": survey,
        "form": form,
        "response": response,
        "state": state,
        "error": error,
        "participated": services.has_participated(survey=survey, respondent=respondent),
        "can_keep_draft": services.can_keep_draft(survey=survey, respondent=respondent),
        "fixed_municipality": form.context.fixed_municipality,
        "summary": answer_lines(page, response.answers) if response else [],
    }
    rendered = page.render(
        request, template="surveys/survey_page.html", context_overrides=context
    )
    rendered.status_code = status
    return error.apply_to(rendered) if error is not None else rendered


def answer(request, page):
    """Show the form (or the survey's state); save a draft, send, or add a person row."""
    survey = page.canonical
    respondent = respondent_for(request, survey)
    response = services.editable_response(survey=survey, respondent=respondent)
    if request.method != "POST":
        form = build_form(page, respondent, response)
        return render_survey(
            request, page, form=form, response=response, respondent=respondent
        )
    action = request.POST.get("action", SUBMIT)
    add_to = action.removeprefix("add:") if action.startswith("add:") else ""
    form = build_form(
        page,
        respondent,
        response,
        data=request.POST,
        complete=action == SUBMIT,
        add_to=add_to,
    )
    try:
        if action not in (SUBMIT, DRAFT) and not add_to:
            # Only "send" checks the required answers; any other button saving would
            # store an incomplete answer as sent, over the municipality's saved one.
            raise UnknownAction
        services.check_can_answer(survey=survey, respondent=respondent)
        if action == SUBMIT:
            services.check_answer_rate(
                survey=survey, respondent=respondent, client=client_address(request)
            )
    except SurveyError as error:
        return render_survey(
            request,
            page,
            form=form,
            response=response,
            respondent=respondent,
            status=error.status_code,
            error=error,
        )
    if add_to or not form.is_valid():
        return render_survey(
            request,
            page,
            form=form,
            response=response,
            respondent=respondent,
            status=200 if add_to else 400,
        )
    return save_answers(request, page, form, respondent, response, action)


def save_answers(request, page, form, respondent, response, action):
    save = services.save_draft if action == DRAFT else services.submit_response
    try:
        save(
            survey=page,
            respondent=respondent,
            answers=form.answers,
            municipality=form.municipality,
        )
    except SurveyError as error:
        return render_survey(
            request,
            page,
            form=form,
            response=response,
            respondent=respondent,
            status=error.status_code,
            error=error,
        )
    if action == DRAFT:
        messages.success(
            request,
            _("Your draft was saved. You can continue until the survey closes."),
        )
        return redirect(page.url)
    return redirect(page.url + page.reverse_subpage("thanks_route"))


def thanks(request, page):
    survey = page.canonical
    respondent = respondent_for(request, survey)
    response = services.editable_response(survey=survey, respondent=respondent)
    return page.render(
        request,
        template="surveys/survey_thanks.html",
        context_overrides={
            "survey": survey,
            "response": response,
            "summary": answer_lines(page, response.answers) if response else [],
            "can_change": bool(response) and survey.is_open(timezone.now()),
        },
    )


def results(request, page):
    """Full results for the survey's managers; published aggregates for members."""
    survey, now = page.canonical, timezone.now()
    decision = survey_access.survey_results_decision(request.user, survey, now=now)
    if decision is access.Decision.LOGIN:
        return redirect_to_login(request.get_full_path())
    if decision is access.Decision.FORBID:
        return TemplateResponse(
            request,
            "surveys/results_unavailable.html",
            {"page": page, "survey": survey, "closed": survey.is_closed(now)},
            status=403,
        )
    filterset = MunicipalityFilter(request.GET or None)
    if survey_access.can_manage_survey(request.user, survey):
        data = survey_results.staff_results(
            page=page, municipalities=filterset.municipalities
        )
    else:
        data = survey_results.published_results(
            page=page, municipalities=filterset.municipalities, now=now
        )
    return page.render(
        request,
        template="surveys/survey_results.html",
        context_overrides={"survey": survey, "results": data, "filter": filterset},
    )


def invitation(request, page, token):
    """A personal invitation link: remember its municipality and go to the form."""
    survey = page.canonical
    try:
        municipality = services.municipality_for_invitation(survey=survey, token=token)
    except InvalidToken as error:
        return TemplateResponse(
            request,
            "surveys/invalid_link.html",
            {"page": page, "message": error.message},
            status=error.status_code,
        )
    invitations = request.session.get(SESSION_INVITATIONS, {})
    invitations[str(survey.pk)] = municipality.pk
    request.session[SESSION_INVITATIONS] = invitations
    messages.info(
        request,
        _("You are answering for %(municipality)s.") % {"municipality": municipality},
    )
    return redirect(page.url)


def join(request, token):
    """A preparer's sign-up link: remember the municipality for the new profile."""
    try:
        municipality, email = services.read_signup_token(token)
    except InvalidToken as error:
        return TemplateResponse(
            request,
            "surveys/invalid_link.html",
            {"message": error.message},
            status=error.status_code,
        )
    if request.user.is_authenticated:
        messages.info(
            request,
            _("You already have an account. You can set your municipality here."),
        )
        return redirect("network:account")
    request.session[SESSION_SIGNUP] = municipality.pk
    messages.info(
        request,
        _("Create your account; your profile will name %(municipality)s.")
        % {"municipality": municipality},
    )
    return redirect(reverse("account_signup") + services.signup_query(email))


def account_section_context(request) -> dict:
    """The "My survey answers" section of the account page."""
    responses = list(
        SurveyResponse.objects.of_user(request.user)
        .select_related("survey__locale", "municipality")
        .with_survey_translation_in(translation.get_language())
        .order_by("-updated_at")[:20]
    )
    show_survey_translations(responses)
    return {"survey_responses": responses, "now": timezone.now()}


def show_survey_translations(responses: list[SurveyResponse]) -> None:
    """Give each answer `shown_survey`: its survey's live translation in the reader's
    language where it has one, else the survey (what `Page.localized` answers, without
    its two queries a row; one query, only when some survey is shown translated)."""
    pks = {
        response.survey_translation_in_language
        for response in responses
        if response.survey_translation_in_language != response.survey_id
    } - {None}
    translations = (
        SurveyPage.objects.select_related("locale").in_bulk(pks) if pks else {}
    )
    for response in responses:
        response.shown_survey = translations.get(
            response.survey_translation_in_language, response.survey
        )

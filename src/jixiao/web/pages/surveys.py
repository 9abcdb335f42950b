"""满意度调查: the public answer page of a one-time link (/s/{token}), and, for logged-in
users, the surveys with their results, issuing links, QR posters and typing in paper answers.

The public page has no session: its form carries a per-page CSRF token that must match a
cookie set with the page (double submit, as the login form), and answers are throttled per
client address in memory. Nothing about the person is stored.
"""

from __future__ import annotations

import io
from collections import deque
from typing import Annotated

import segno
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.domain.errors import DomainError, InputError
from jixiao.domain.surveys import SCALE, Survey
from jixiao.services.survey_links import TokenUsed
from jixiao.services.web_errors import NotFound
from jixiao.web import csrf
from jixiao.web.auth import client_address
from jixiao.web.deps import ContextDep, Key, SurveyEditor, Viewer
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
PUBLIC_COOKIE = "jixiao_survey_csrf"
ANSWERS_PER_MINUTE = 10
_TOKEN = Annotated[str, Form(max_length=100)]


class Throttle:
    """At most `limit` events per `window` seconds for each key (a client address)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = {}

    def allow(self, key: str, now: float) -> bool:
        seen = self._seen.setdefault(key, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        return True


def _throttle(request: Request) -> Throttle:
    state = request.app.state
    if not hasattr(state, "survey_throttle"):
        state.survey_throttle = Throttle(ANSWERS_PER_MINUTE, 60)
    throttle: Throttle = state.survey_throttle
    return throttle


def _message(error: DomainError) -> str:
    if isinstance(error, InputError):
        return "；".join(p.message for p in error.problems)
    return str(error)


def _answers(form: dict[str, str], survey: Survey) -> list[str]:
    return [form.get(f"q{i}", "") for i in range(len(survey.questions))]


def _public(
    request: Request,
    ctx: ContextDep,
    token: str,
    *,
    survey: Survey | None = None,
    error: str = "",
    thanks: bool = False,
    answers: list[str] | None = None,
    comment: str = "",
    status: int = 200,
) -> Response:
    form_csrf = csrf.new_token()
    response = page(
        request,
        "survey_public.html",
        {
            "survey": survey,
            "error": error,
            "thanks": thanks,
            "closed": status in (404, 409),
            "scale": list(SCALE),
            "action": f"/s/{token}",
            "form_csrf": form_csrf,
            "answers": answers,
            "comment": comment,
        },
        status,
    )
    response.set_cookie(
        PUBLIC_COOKIE,
        form_csrf,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=ctx.settings.cookie_secure,
        path="/s/",
    )
    return response


@router.get("/s/{token}")
def public_survey(request: Request, ctx: ContextDep, token: str) -> Response:
    try:
        survey = ctx.app.open_survey_link(token)
    except TokenUsed as error:
        return _public(request, ctx, token, error=str(error), status=409)
    except NotFound as error:
        return _public(request, ctx, token, error=str(error), status=404)
    return _public(request, ctx, token, survey=survey)


@router.post("/s/{token}")
async def answer_public_survey(request: Request, ctx: ContextDep, token: str) -> Response:
    if not _throttle(request).allow(client_address(request), ctx.clock()):
        return _public(request, ctx, token, error="提交过于频繁，请一分钟后再试", status=429)
    try:
        survey = ctx.app.open_survey_link(token)
    except TokenUsed as error:
        return _public(request, ctx, token, error=str(error), status=409)
    except NotFound as error:
        return _public(request, ctx, token, error=str(error), status=404)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    answers, comment = _answers(form, survey), form.get("comment", "")
    if not csrf.same(form.get(csrf.FIELD), request.cookies.get(PUBLIC_COOKIE)):
        expired = "页面已过期，请重新提交"
        return _public(request, ctx, token, survey=survey, error=expired, answers=answers,
                       comment=comment, status=400)  # fmt: skip
    try:
        ctx.app.answer_survey_link(token, answers, comment)
    except TokenUsed as error:
        return _public(request, ctx, token, error=str(error), status=409)
    except DomainError as error:
        return _public(request, ctx, token, survey=survey, error=_message(error),
                       answers=answers, comment=comment, status=422)  # fmt: skip
    return _public(request, ctx, token, survey=survey, thanks=True)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/surveys")
def survey_list(request: Request, ctx: ContextDep, _: Viewer) -> Response:
    return page(request, "surveys.html", {"overviews": ctx.app.survey_overviews()})


def _detail(
    request: Request, ctx: ContextDep, key: int, *, message: str = "", error: str = "",
    status: int = 200,
) -> Response:  # fmt: skip
    overview = ctx.app.survey_overview(key)
    values = {"o": overview, "base": _base(request), "scale": list(SCALE)}
    return page(request, "survey.html", values | {"message": message, "error": error}, status)


@router.get("/surveys/{key}")
def survey_detail(request: Request, ctx: ContextDep, _: Viewer, key: Key) -> Response:
    return _detail(request, ctx, key, message=request.query_params.get("message", "")[:200])


@router.post("/surveys/{key}/tokens")
def issue_tokens(
    request: Request,
    ctx: ContextDep,
    current: SurveyEditor,
    key: Key,
    count: Annotated[int, Form(ge=1, le=500)],
) -> Response:
    ctx.app.issue_survey_tokens(key, count, actor=current.user.username)
    return RedirectResponse(f"/surveys/{key}?message=已生成{count}个答卷链接", status_code=303)


@router.post("/surveys/{key}/paper")
async def enter_paper(
    request: Request, ctx: ContextDep, current: SurveyEditor, key: Key
) -> Response:
    overview = ctx.app.survey_overview(key)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    answers = _answers(form, overview.stored.survey)
    try:
        ctx.app.enter_paper_survey(
            key, answers, form.get("comment", ""), actor=current.user.username
        )
    except DomainError as error:
        return _detail(request, ctx, key, error=_message(error), status=422)
    return RedirectResponse(f"/surveys/{key}?message=已录入1份纸质答卷", status_code=303)


def _chosen(ctx: ContextDep, key: int, token: str) -> str:
    """One unused link of the survey: `token` if given, else the first."""
    unused = [t.token for t in ctx.app.survey_overview(key).unused]
    chosen = token or (unused[0] if unused else "")
    if chosen not in unused:
        raise NotFound("没有这个未使用的答卷链接；请先生成答卷链接")
    return chosen


@router.get("/surveys/{key}/poster")
def poster_page(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    key: Key,
    token: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """A page to print: the survey's name, the QR code of one link and the link written out."""
    chosen = _chosen(ctx, key, token)
    values = {"o": ctx.app.survey_overview(key), "token": chosen, "base": _base(request)}
    return page(request, "survey_poster.html", values)


@router.get("/surveys/{key}/poster.png")
def poster(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    key: Key,
    token: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """A QR code of one unused link (the first one unless `token` names another), to print."""
    chosen = _chosen(ctx, key, token)
    out = io.BytesIO()
    segno.make(f"{_base(request)}/s/{chosen}", error="m").save(out, kind="png", scale=12, border=4)
    return Response(out.getvalue(), media_type="image/png")

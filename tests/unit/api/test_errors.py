"""Error responses become the right exception with a readable title, message and fields."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.api import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    BatchItemsError,
    ConflictError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    ProlificClient,
    ProlificError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    UnprocessableError,
)
from atb_tui.api._error_bodies import error_from_response, parse_error_body
from atb_tui.api.models import BatchCreate
from tests.helpers.fake_api import TOKEN, FakeAPI

ME = "/api/v1/users/me/"
BATCH = "/api/v1/data-collection/batches/b1"
NO_RETRY = RetryPolicy(max_attempts=1, jitter=False)


async def _error_for(
    make_client: Callable[..., ProlificClient],
    status: int,
    body: Any = None,
    *,
    text: str | None = None,
    headers: dict[str, str] | None = None,
) -> ProlificError:
    def handler(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    client = make_client(handler, retry=NO_RETRY)
    with pytest.raises(ProlificError) as caught:
        await client.batches.get("b1")
    return caught.value


@pytest.mark.parametrize(
    ("status", "error_class", "title"),
    [
        (400, BadRequestError, "Bad request"),
        (401, AuthenticationError, "Not signed in"),
        (403, PermissionDeniedError, "Permission denied"),
        (404, NotFoundError, "Not found"),
        (405, APIStatusError, "Request failed"),
        (409, ConflictError, "Conflict"),
        (410, APIStatusError, "Request failed"),
        (422, UnprocessableError, "Invalid request"),
        (429, RateLimitError, "Rate limited"),
        (500, ServerError, "Prolific server error"),
        (502, ServerError, "Prolific server error"),
        (503, ServerError, "Prolific server error"),
        (504, ServerError, "Prolific server error"),
    ],
)
async def test_every_status_maps_to_its_error_class(
    make_client: Callable[..., ProlificClient],
    status: int,
    error_class: type[APIStatusError],
    title: str,
) -> None:
    error = await _error_for(make_client, status, {"detail": "it went wrong"})
    assert type(error) is error_class
    assert isinstance(error, APIStatusError)
    assert (error.status_code, error.title, error.message) == (status, title, "it went wrong")
    assert error.endpoint == f"GET {BATCH}"
    assert str(error) == f"{title}: it went wrong"


async def test_classic_envelope_with_field_errors(
    make_client: Callable[..., ProlificClient],
) -> None:
    body = {
        "error": {
            "status": 400,
            "error_code": 140001,
            "title": "Bad Request",
            "detail": {
                "name": ["This field is required."],
                "reward": ["Too low.", "Must be whole."],
            },
        }
    }
    error = await _error_for(make_client, 400, body)
    assert isinstance(error, BadRequestError)
    assert error.title == "Bad Request"
    assert error.field_errors == {
        "name": ["This field is required."],
        "reward": ["Too low.", "Must be whole."],
    }
    assert error.message == "name: This field is required.; reward: Too low.; Must be whole."
    assert error.error_code == 140001


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error": {"status": 400, "error_code": 1, "title": "T", "detail": "plain"}}, "plain"),
        ({"error": {"status": 400, "error_code": 1, "title": "T", "detail": ["a", "b"]}}, "a; b"),
        (
            {"error": {"title": "T", "detail": "x", "additional_information": "see docs"}},
            "x (see docs)",
        ),
        (
            {"error": {"title": "T", "detail": {"non_field_errors": ["Whole thing bad"]}}},
            "Whole thing bad",
        ),
        (
            {"status": 400, "error_code": 1, "title": "T", "detail": "bare ErrorDetail"},
            "bare ErrorDetail",
        ),
        ({"message": "Bad Request", "detail": "study not found"}, "study not found"),
        (
            {"message": "Dataset is busy", "detail": "an import is running"},
            "Dataset is busy: an import is running",
        ),
        ({"detail": "batch not found"}, "batch not found"),
        ({"message": "only a message"}, "only a message"),
        ({"error": "a string error"}, "a string error"),
        ({"unexpected": True}, "Prolific answered 400 Bad Request."),
        (["listed", "errors"], "listed; errors"),
    ],
)
async def test_both_envelopes_and_every_detail_shape(
    make_client: Callable[..., ProlificClient], body: Any, message: str
) -> None:
    error = await _error_for(make_client, 400, body)
    assert error.message == message


async def test_invalid_batch_items_lists_located_issues(
    make_client: Callable[..., ProlificClient], api: FakeAPI
) -> None:
    issues = [
        {
            "page": 0,
            "row": 0,
            "column": 0,
            "item": 1,
            "type": "multiple_choice",
            "message": "answer_limit exceeds number of options",
        },
        {
            "page": 1,
            "row": 2,
            "column": 1,
            "item": 0,
            "type": "dataset_field",
            "field": "review",
            "message": "unknown field",
        },
    ]
    api.json(
        "POST",
        "/api/v1/data-collection/batches",
        {"type": "INVALID_BATCH_ITEMS", "message": "Invalid batch items", "issues": issues},
        status=422,
    )
    client = make_client(api.handler)
    batch = BatchCreate(
        name="b",
        workspace_id="w",
        task_details={"task_name": "t", "task_introduction": "", "task_steps": ""},
    )
    with pytest.raises(BatchItemsError) as caught:
        await client.batches.create(batch)
    error = caught.value
    assert isinstance(error, UnprocessableError)
    assert [(i.page, i.row, i.column, i.item, i.field) for i in error.issues] == [
        (0, 0, 0, 1, None),
        (1, 2, 1, 0, "review"),
    ]
    assert str(error.issues[1]) == (
        "page 2, row 3, column 2, item 1 (dataset_field 'review'): unknown field"
    )
    assert error.message.startswith("Invalid batch items: page 1, row 1, column 1, item 2")


async def test_non_json_and_html_error_bodies_give_readable_messages(
    make_client: Callable[..., ProlificClient],
) -> None:
    text_error = await _error_for(make_client, 500, text="upstream exploded")
    assert text_error.message == "upstream exploded"
    html_error = await _error_for(
        make_client,
        502,
        text="<html><body>Bad gateway</body></html>",
        headers={"content-type": "text/html"},
    )
    assert html_error.message == "Prolific answered 502 Bad Gateway."
    auth_error = await _error_for(make_client, 401, text="")
    assert "PROLIFIC_TOKEN" in auth_error.message


async def test_feature_not_enabled_is_recognised(
    make_client: Callable[..., ProlificClient],
) -> None:
    body = {
        "error": {
            "title": "Forbidden",
            "detail": "Request failed: you do not currently have permission to access this feature",
        }
    }
    error = await _error_for(make_client, 403, body)
    assert isinstance(error, PermissionDeniedError)
    assert error.feature_not_enabled


async def test_success_with_unreadable_body_names_the_endpoint(
    make_client: Callable[..., ProlificClient], api: FakeAPI
) -> None:
    api.on("GET", BATCH, httpx.Response(200, text="<html>maintenance</html>"))
    api.json("GET", ME, {"email": "no id"})
    client = make_client(api.handler)
    with pytest.raises(MalformedResponseError, match=f"GET {BATCH}.*not JSON"):
        await client.batches.get("b1")
    with pytest.raises(MalformedResponseError, match=r"GET /api/v1/users/me/.*id: Field required"):
        await client.users.me()


async def test_unexpected_redirect_is_reported_not_followed(
    make_client: Callable[..., ProlificClient], api: FakeAPI
) -> None:
    api.on("GET", ME, httpx.Response(302, headers={"location": "https://elsewhere.example/"}))
    client = make_client(api.handler)
    with pytest.raises(MalformedResponseError, match="redirect"):
        await client.users.me()
    assert len(api.seen) == 1


def test_token_echoed_by_the_server_is_redacted_everywhere() -> None:
    body = {"error": {"title": f"Token {TOKEN} invalid", "detail": {TOKEN: [f"bad {TOKEN}"]}}}

    def redact(text: str) -> str:
        return text.replace(TOKEN, "[redacted]")

    error = error_from_response(400, json.dumps(body).encode(), "application/json", "GET /", redact)
    rendered = f"{error} {error.title} {error.message} {error.field_errors}"
    assert TOKEN not in rendered
    assert "[redacted]" in rendered


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(body=json_values, status=st.sampled_from([400, 401, 403, 404, 409, 422, 429, 500, 503]))
def test_any_json_error_body_gives_an_error_with_a_message(body: Any, status: int) -> None:
    content = json.dumps(body).encode()
    error = error_from_response(status, content, "application/json", "GET /x", lambda t: t)
    assert isinstance(error, APIStatusError)
    assert error.status_code == status
    assert error.message.strip()
    assert str(error).startswith(error.title)
    assert isinstance(parse_error_body(body, status).field_errors, dict)

"""Messages far longer than a note: filed whole, stored whole, read whole by the desk.

A member can paste a whole document into one message; the moderator must be
able to see what was reported, so message and content text may hold up to
``MAX_MESSAGE_CHARS`` characters while notes and bios keep their 10,000.
"""

from __future__ import annotations

import httpx
from server_calls import PLATFORM, auth
from server_community import ALICE
from test_server_intake import file, flag

from reviewdesk.api.models import MAX_MESSAGE_CHARS, LongText, MessageText
from reviewdesk.backends import http
from reviewdesk.backends.http import HttpBackend
from reviewdesk.server.settings import ServerSettings

#: A paragraph in several scripts, repeated into a long message.
PARAGRAPH = "Lesson notes — 学习笔记 — конспект — ملاحظات — नोट्स 📚 <b>copy</b>\n"


def bearer_token(client: httpx.Client) -> str:
    """A moderator's token, as the desk would have saved it."""
    return auth(client, "ana")["Authorization"].removeprefix("Bearer ")


def long_message(length: int) -> str:
    """Exactly ``length`` characters of :data:`PARAGRAPH` repeated."""
    return (PARAGRAPH * (length // len(PARAGRAPH) + 1))[:length]


def test_a_two_million_character_message_is_filed_and_read_back_whole(
    client: httpx.Client, service_url: str
) -> None:
    text = long_message(2_000_000)
    body = flag(
        "c-long",
        ALICE.model_dump(mode="json"),
        messages=[
            {
                "id": "msg-long",
                "sender_id": "m-farid",
                "sender_name": "Farid",
                "sent_at": "2026-10-20T08:00:00Z",
                "text": text,
                "reported": True,
            }
        ],
    )
    body["content"]["text"] = text
    filed = file(client, body)
    assert filed.status_code == 201, filed.text[:300]
    case_id = filed.json()["case_id"]
    with HttpBackend.from_token(service_url, bearer_token(client)) as desk:
        detail = desk.get_case(case_id)
    assert detail.content is not None
    assert detail.content.text == text
    (message,) = detail.conversations[0].messages
    assert message.text == text
    assert len(detail.summary.preview) == 500, "the queue row still carries a short preview"


def test_a_message_over_the_limit_is_refused_with_a_sentence(client: httpx.Client) -> None:
    body = flag("c-too-long", ALICE.model_dump(mode="json"))
    body["content"]["text"] = "x" * (MAX_MESSAGE_CHARS + 1)
    refused = file(client, body)
    assert refused.status_code == 422
    assert "content.text" in refused.json()["detail"]
    assert client.get("/v1/feed", headers=PLATFORM).status_code == 200


def test_notes_and_report_texts_keep_their_own_smaller_limit() -> None:
    limits = {
        name: next(m.max_length for m in kind.__metadata__ if hasattr(m, "max_length"))
        for name, kind in (("long", LongText), ("message", MessageText))
    }
    assert limits == {"long": 10_000, "message": MAX_MESSAGE_CHARS}


def test_the_byte_limits_fit_one_message_of_the_longest_length() -> None:
    # Sent by a platform that escapes everything outside ASCII (as json.dumps
    # does by default): a character outside the BMP becomes two \\uXXXX escapes.
    worst_request = MAX_MESSAGE_CHARS * len("\\ud83d\\udcda")
    assert worst_request < ServerSettings().max_request_bytes
    # Answered by the service as UTF-8 JSON: at most a 6-byte \\u00XX escape a character.
    worst_answer = MAX_MESSAGE_CHARS * len("\\u0001")
    assert worst_answer + 1_000_000 < http.MAX_JSON_BYTES

"""Notes on a member's file: any moderator adds one, the history shows it newest first."""

from __future__ import annotations

from pathlib import Path

import httpx
from server_calls import auth, case_id_of
from server_community import BRUNO, EVE
from sqlalchemy import create_engine, inspect, text

from reviewdesk.server.db import add_missing_columns, open_database, sqlite_file_url
from reviewdesk.server.services.members import EMPTY_NOTE


def test_an_agent_adds_a_note_about_a_case_and_it_heads_the_member_history(
    client: httpx.Client,
) -> None:
    bob = auth(client, "bob")
    case_id = case_id_of(client, bob, "Cheap lessons")
    response = client.post(
        f"/v1/members/{EVE.id}/notes",
        json={"text": "Lost a race on this case; my draft said no violation.", "case_id": case_id},
        headers=bob,
    )
    assert response.status_code == 201, response.text
    assert response.json() == {
        "author": "bob",
        "created_at": "2026-10-20T09:00:00Z",
        "text": "Lost a race on this case; my draft said no violation.",
        "case_id": case_id,
    }
    history = client.get(f"/v1/members/{EVE.id}/history", headers=auth(client, "sam")).json()
    assert history["notes"] == [response.json()]


def test_a_note_without_a_case_joins_the_older_notes_newest_first(
    client: httpx.Client,
) -> None:
    ana = auth(client, "ana")
    added = client.post(
        f"/v1/members/{BRUNO.id}/notes", json={"text": "Apologised to the learner."}, headers=ana
    )
    assert added.status_code == 201
    assert added.json()["case_id"] is None
    notes = client.get(f"/v1/members/{BRUNO.id}/history", headers=ana).json()["notes"]
    assert [(n["author"], n["text"], n["case_id"]) for n in notes] == [
        ("ana", "Apologised to the learner.", None),
        ("sam", "Was rude to a teacher before.", None),
    ]


def test_bad_notes_are_refused_and_nothing_is_stored(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    url = f"/v1/members/{EVE.id}/notes"
    blank = client.post(url, json={"text": "   "}, headers=ana)
    assert (blank.status_code, blank.json()) == (422, {"detail": EMPTY_NOTE})
    empty = client.post(url, json={"text": ""}, headers=ana)
    assert empty.status_code == 422
    assert "text" in empty.json()["detail"]
    unknown_case = client.post(url, json={"text": "See case.", "case_id": "999999"}, headers=ana)
    assert (unknown_case.status_code, unknown_case.json()) == (
        422,
        {"detail": "There is no case '999999'."},
    )
    too_long = client.post(url, json={"text": "x" * 10_001}, headers=ana)
    assert too_long.status_code == 422
    unknown_member = client.post("/v1/members/m-nobody/notes", json={"text": "Hi."}, headers=ana)
    assert unknown_member.status_code == 404
    signed_out = client.post(url, json={"text": "Anonymous."})
    assert signed_out.status_code == 401
    assert client.get(f"/v1/members/{EVE.id}/history", headers=ana).json()["notes"] == []


def test_a_database_from_before_note_cases_gains_the_column_and_keeps_its_notes(
    tmp_path: Path,
) -> None:
    url = sqlite_file_url(tmp_path / "old.sqlite3")
    engine, _ = open_database(url)
    engine.dispose()
    old = create_engine(url)
    with old.begin() as connection:  # the notes table as the first version made it
        connection.execute(text("DROP TABLE notes"))
        connection.execute(
            text(
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, member_id VARCHAR(100), "
                "author_id INTEGER, created_at DATETIME, text TEXT)"
            )
        )
        connection.execute(
            text("INSERT INTO notes VALUES (1, 'm-x', 1, '2026-01-01 00:00:00', 'old note')")
        )
    assert add_missing_columns(old) == ["notes.case_id"]
    assert add_missing_columns(old) == [], "a second run changes nothing"
    columns = {column["name"] for column in inspect(old).get_columns("notes")}
    assert "case_id" in columns
    with old.connect() as connection:
        assert connection.execute(text("SELECT text, case_id FROM notes")).all() == [
            ("old note", None)
        ]
    old.dispose()


def test_a_database_from_before_revealed_attachments_gains_that_column_too(
    tmp_path: Path,
) -> None:
    url = sqlite_file_url(tmp_path / "older.sqlite3")
    engine, _ = open_database(url)
    engine.dispose()
    old = create_engine(url)
    with old.begin() as connection:  # decisions as they were before reveals were recorded
        connection.execute(text("ALTER TABLE decisions DROP COLUMN revealed_attachment_ids"))
    assert add_missing_columns(old) == ["decisions.revealed_attachment_ids"]
    columns = {column["name"] for column in inspect(old).get_columns("decisions")}
    assert "revealed_attachment_ids" in columns

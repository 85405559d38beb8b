"""A large upload is parsed off the sandbox's event loop: other clients are answered meanwhile."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from atb_tui.sandbox import tabular
from tests.helpers.sandbox import make_sandbox, sandbox_client


async def test_other_requests_are_answered_while_an_upload_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsing, release = threading.Event(), threading.Event()
    real_parse = tabular.parse_v3

    def slow_parse(*args: object) -> tabular.ParsedUpload:
        parsing.set()
        release.wait(timeout=10)  # holds the parser as a big file would
        return real_parse(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(tabular, "parse_v3", slow_parse)
    sandbox = make_sandbox(demo_data=False)
    client = sandbox_client(sandbox)
    workspace = (await client.workspaces.list())[0].id
    dataset = await client.datasets.create(workspace, "Big")
    csv = tmp_path / "big.csv"
    csv.write_text("text\n" + "a review\n" * 100)

    upload = asyncio.create_task(client.datasets.upload(dataset.id, csv))
    started = await asyncio.to_thread(parsing.wait, 10)  # the body arrived; the parser runs
    assert started, "the upload never reached the parser"
    me = await asyncio.wait_for(client.users.me(), timeout=5)  # would hang on a blocked loop
    assert me.id
    assert not upload.done()
    release.set()
    await upload
    assert (await client.datasets.get(dataset.id)).status == "PROCESSING"
    await client.aclose()

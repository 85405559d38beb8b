"""``atb-tui sandbox serve --large N``: a batch of N responses to demo and benchmark with."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.helpers.raw_api import DC
from tests.helpers.serve import serve_with, start_server, stop_server


@pytest.mark.loopback
def test_serve_large_seeds_a_batch_and_prints_its_id() -> None:
    process = start_server("--empty", "--large", "450", "--token", "tok")
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    try:
        while not any("PROLIFIC_URL" in line for line in lines) and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line.strip())
        seeded = next(line for line in lines if line.startswith("Seeded"))
        assert "450 responses" in seeded
        batch_id = seeded.rsplit(" ", 1)[1]
        url = next(line for line in lines if "PROLIFIC_URL" in line).partition("=")[2]
        headers = {"Authorization": "Token tok"}
        with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
            body = client.get(f"{DC}/batches/{batch_id}/responses").json()
        assert body["meta"]["count"] == 450
    finally:
        code, _ = stop_server(process)
    assert code == 0


def test_negative_large_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code = serve_with(large=-5)
    assert code == 2
    assert "--large" in capsys.readouterr().err

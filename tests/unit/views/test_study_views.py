"""What the study screens say, computed without widgets: launch state, summary, detail facts."""

from __future__ import annotations

from atb_tui.api.models.studies import Study
from atb_tui.views.study_detail import counts_text, done_message, info_lines
from atb_tui.views.study_launch import Fetched, form_values, others_text, state_text, summary_lines
from atb_tui.views.study_plan import parse_plan


def study(**fields: object) -> Study:
    base = {"id": "s1", "name": "Rate [reviews]", "status": "UNPUBLISHED"}
    return Study.model_validate({**base, **fields})


def plain(status: str | None) -> str:
    return f"<{status}>"


def test_state_line_follows_the_draft() -> None:
    assert "^s creates a draft" in state_text(None, "", False, "^s", "^g")
    draft = study()
    assert state_text(draft, "<U>", False, "^s", "^g").endswith("<U>  ·  ^g publishes")
    dirty = state_text(draft, "<U>", True, "^s", "^g")
    assert "^s updates the draft" in dirty
    assert "publishes" not in dirty  # a changed form is saved before it is published


def test_a_new_form_gets_a_name_no_other_study_has() -> None:
    others = [study(id="a", name="Batch", status="ACTIVE")]
    assert form_values("Batch", "GBP", None, others)["name"] == "Batch (2)"
    assert form_values("Batch", "GBP", study(name="Mine"), others)["name"] == "Mine"


def test_running_studies_are_warned_about_with_the_users_key() -> None:
    others = [study(id="a", name="[x]", status="ACTIVE", places_taken=2, reward=100)]
    text = others_text(others, "batch", "GBP", "ctrl+s")
    assert r"\[x] · ACTIVE" in text  # a name is text, not markup
    assert "1 of them is running" in text
    assert "(ctrl+s asks you to confirm)" in text
    assert others_text([], "batch", "GBP", "ctrl+s") == ""


def test_summary_says_when_the_batch_is_not_ready() -> None:
    plan = parse_plan({"name": "n", "description": "d", "reward": "£1.00", "minutes": "5",
                       "annotators": "2", "desktop": True}, "GBP")  # fmt: skip
    lines = summary_lines(plan, Fetched(10, 100_000, "GBP", "PROCESSING"), None, "batch")
    assert lines[0].endswith("20")  # places: 10 task groups × 2
    assert "The batch is PROCESSING" in lines[-1]
    ready = summary_lines(plan, Fetched(10, 100_000, "GBP", "READY"), None, "batch")
    assert not any("must be READY" in line for line in ready)


def test_detail_facts_and_counts() -> None:
    scheduled = study(status="SCHEDULED", publish_at="2026-11-24T09:00:00Z",
                      data_collection_id="b1", total_available_places=30, reward=150)  # fmt: skip
    lines = info_lines(scheduled, "My batch", None, "GBP",
                       {"study.open_batch": "b", "study.unschedule": "u"}, plain)  # fmt: skip
    assert lines[0] == "Status        <SCHEDULED>"
    assert "My batch  [dim](b opens)[/]" in lines[4]
    assert lines[-1].endswith("(u cancels)")
    read_only = info_lines(scheduled, None, None, "GBP", {}, plain)
    assert not read_only[-1].endswith("cancels)")  # no key where the profile can't act
    assert counts_text({}, plain) == "[dim]No submissions yet.[/dim]"
    assert counts_text({"ACTIVE": 2, "RETURNED": 0, "TOTAL": 2}, plain) == (
        "Submissions (2):  <ACTIVE> 2"
    )


def test_done_messages() -> None:
    assert done_message("PAUSE", study(status="PAUSED")) == "Paused: the study is PAUSED."
    assert done_message("update", study(total_available_places=45)) == "Updated: 45 places."

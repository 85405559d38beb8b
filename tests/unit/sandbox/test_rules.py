"""Property tests: validators and parsers answer every input with problems, never a crash."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.sandbox import FaultPlan, FaultSpecError
from atb_tui.sandbox.batch_items import validate_layout
from atb_tui.sandbox.errors import BatchItemsInvalid
from atb_tui.sandbox.instruction_rules import instruction_problems, normalise_instruction
from atb_tui.sandbox.markdown import to_html
from atb_tui.sandbox.tabular import jsonl_records, parse_v3

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)
instruction_like = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            [
                "multiple_choice",
                "free_text",
                "free_text_with_unit",
                "multiple_choice_with_free_text",
                "file_upload",
                "other",
            ]
        )
    },
    optional={
        "description": st.text(max_size=10) | st.integers(),
        "answer_limit": json_values,
        "options": json_values,
        "unit_options": json_values,
        "unit_position": json_values,
        "validation": json_values,
        "default_unit": json_values,
        "accepted_file_types": json_values,
        "min_file_count": json_values,
        "max_file_count": json_values,
        "max_file_size_mb": json_values,
    },
)


@settings(max_examples=150, deadline=None)
@given(instruction_like)
def test_instruction_rules_never_crash_and_valid_ones_normalise(item: dict[str, Any]) -> None:
    problems = instruction_problems(item)
    assert all(isinstance(field, str) and message for field, message in problems)
    if not problems:
        normalised = normalise_instruction(item)
        assert normalised["type"] == item["type"]
        assert instruction_problems(normalised) == []


@settings(max_examples=80, deadline=None)
@given(json_values)
def test_layout_validation_raises_only_its_own_error(pages: Any) -> None:
    counter = iter(range(10**6))
    issues: list[dict[str, Any]] = []
    try:
        layout = validate_layout(pages, None, None, lambda: f"id-{next(counter)}")
    except BatchItemsInvalid as exc:
        layout, issues = [], exc.issues
    required = {"page", "row", "column", "item", "type", "message"}
    assert bool(layout) != bool(issues)
    assert all(required <= set(issue) for issue in issues)


@settings(max_examples=120, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_any_bytes_become_datapoints_or_an_error_reason(content: bytes) -> None:
    counter = iter(range(10**6))
    parsed = parse_v3(io.BytesIO(content), "x.csv", lambda: str(next(counter)))
    assert parsed.ok == (parsed.reason is None)
    if parsed.ok:
        assert parsed.datapoints
        assert all(len(dp.values) == len(parsed.columns) for dp in parsed.datapoints)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=10))
def test_jsonl_lines_are_records_or_problems(lines: list[str]) -> None:
    for result in jsonl_records(lines):
        assert (result.record is None) != (result.problem is None)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_fault_specs_parse_or_explain(spec: str) -> None:
    explanation = ""
    try:
        rules = FaultPlan.parse(spec).rules
    except FaultSpecError as exc:
        rules, explanation = [], str(exc)
    assert bool(rules) != bool(explanation)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_markdown_escapes_html(text: str) -> None:
    assert "<script" not in to_html(text.replace("script", "<script>"))

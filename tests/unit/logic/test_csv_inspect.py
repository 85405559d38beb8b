"""CSV inspection: every problem kind with its position, and the preview of good files."""

from __future__ import annotations

from pathlib import Path

import pytest

from atb_tui.logic import inspection
from atb_tui.logic.csv_inspect import inspect_file
from atb_tui.logic.inspection import FileInspection, Problem, format_size, large_file_warning


def inspect_bytes(
    tmp_path: Path,
    data: bytes,
    name: str = "data.csv",
    *,
    preview_rows: int = 20,
    max_bytes_scanned: int | None = None,
) -> FileInspection:
    path = tmp_path / name
    path.write_bytes(data)
    return inspect_file(path, preview_rows=preview_rows, max_bytes_scanned=max_bytes_scanned)


def only(problems: tuple[Problem, ...], code: str) -> Problem:
    matching = [problem for problem in problems if problem.code == code]
    assert len(matching) == 1, problems
    return matching[0]


def test_good_csv_has_columns_preview_and_counts(tmp_path: Path) -> None:
    data = b"text,label,META_source\nhello,pos,web\nworld,neg,app\n"
    result = inspect_bytes(tmp_path, data)
    assert result.can_upload
    assert result.format == "csv"
    assert result.columns == ("text", "label", "META_source")
    assert result.hidden_columns == ("META_source",)
    assert result.visible_columns == ("text", "label")
    assert result.row_count == 2
    assert result.preview == (("hello", "pos", "web"), ("world", "neg", "app"))
    assert result.size_bytes == len(data)
    assert result.scanned_bytes == len(data)
    assert result.complete
    assert result.group_column is None
    assert result.group_count == 0
    assert result.warnings == ()


def test_preview_is_limited_but_rows_are_all_counted(tmp_path: Path) -> None:
    data = b"n\n" + b"".join(f"{i}\n".encode() for i in range(100))
    result = inspect_bytes(tmp_path, data, preview_rows=5)
    assert result.row_count == 100
    assert result.preview == (("0",), ("1",), ("2",), ("3",), ("4",))


def test_bom_crlf_and_quoted_newlines_are_handled(tmp_path: Path) -> None:
    data = b'\xef\xbb\xbftext,label\r\n"two\r\nlines",1\r\n"a ""quote""",2\r\n'
    result = inspect_bytes(tmp_path, data)
    assert result.can_upload, result.problems
    assert result.columns == ("text", "label")
    assert result.row_count == 2
    assert result.preview == (("two\r\nlines", "1"), ('a "quote"', "2"))


def test_no_trailing_newline_is_fine(tmp_path: Path) -> None:
    result = inspect_bytes(tmp_path, b"a,b\n1,2")
    assert result.can_upload
    assert result.row_count == 1


def test_ragged_row_names_row_and_field_counts(tmp_path: Path) -> None:
    rows = b"".join(b"x,y,z\n" for _ in range(15))
    data = b"a,b,c\n" + rows + b"1,2,3,4\n"
    problem = only(inspect_bytes(tmp_path, data).problems, "ragged_row")
    assert problem.message == "row 17 has 4 fields, the header has 3"
    assert (problem.row, problem.column) == (17, 4)


def test_short_row_points_at_first_missing_column(tmp_path: Path) -> None:
    problem = only(inspect_bytes(tmp_path, b"a,b,c\n1\n").problems, "ragged_row")
    assert problem.message == "row 2 has 1 field, the header has 3"
    assert (problem.row, problem.column) == (2, 2)


def test_ragged_row_after_multiline_value_gives_row_and_line(tmp_path: Path) -> None:
    data = b'a,b\n"x\ny",1\n1,2,3\n'
    problem = only(inspect_bytes(tmp_path, data).problems, "ragged_row")
    assert problem.message == "row 3 (line 4) has 3 fields, the header has 2"
    assert problem.row == 3


def test_many_ragged_rows_are_capped_with_a_summary(tmp_path: Path) -> None:
    data = b"a,b\n" + b"1,2,3\n" * 50
    result = inspect_bytes(tmp_path, data)
    ragged = [p for p in result.problems if p.code == "ragged_row"]
    assert len(ragged) == inspection.MAX_REPORTED_PER_KIND
    assert result.problems[-1].message == "… and 30 more places like this"
    assert result.row_count == 50


def test_not_utf8_gives_byte_offset_and_row(tmp_path: Path) -> None:
    head = b"text,n\n" + b"ok,1\n" * 7  # 7 + 35 bytes before row 9
    data = head + b"caf\xe9,2\n"
    problem = only(inspect_bytes(tmp_path, data).problems, "not_utf8")
    assert problem.message == "not UTF-8 at byte 45 (row 9); save the file as UTF-8"
    assert problem.row == 9


def test_utf16_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    data = "text\nhello\n".encode("utf-16")
    result = inspect_bytes(tmp_path, data)
    assert only(result.problems, "not_utf8").message.startswith("the file is UTF-16 encoded")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    result = inspect_bytes(tmp_path, data)
    assert only(result.problems, "empty_file").message == "empty file: there is nothing to upload"
    assert not result.can_upload


def test_header_only_has_no_rows(tmp_path: Path) -> None:
    problem = only(inspect_bytes(tmp_path, b"a,b\n").problems, "no_rows")
    assert problem.message == "no data rows: the file has column names but no datapoints"


def test_empty_header_cell(tmp_path: Path) -> None:
    problem = only(inspect_bytes(tmp_path, b"a,b,,d\n1,2,3,4\n").problems, "empty_header")
    assert problem.message == "header cell 3 is empty"
    assert (problem.row, problem.column) == (1, 3)


def test_duplicate_column_name(tmp_path: Path) -> None:
    data = b"id,text,label,score,text\n1,2,3,4,5\n"
    problem = only(inspect_bytes(tmp_path, data).problems, "duplicate_header")
    assert problem.message == "duplicate column name 'text' (columns 2 and 5)"
    assert (problem.row, problem.column) == (1, 5)


def test_first_row_of_data_means_no_header(tmp_path: Path) -> None:
    data = b"42,https://example.com/a.png\n43,https://example.com/b.png\n"
    problem = only(inspect_bytes(tmp_path, data).problems, "no_header")
    assert problem.message.startswith("no header: the first row looks like data ('42', ")


def test_blank_rows_before_header_mean_no_header(tmp_path: Path) -> None:
    problem = only(inspect_bytes(tmp_path, b"\n\na,b\n1,2\n").problems, "no_header")
    assert "starts with 2 blank row(s)" in problem.message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'a,b\n"x"y,1\n', "row 2: a quoted value is followed by more text; to put a quote"),
        (b'a,b\n1,2\n"open,3\n', 'row 3: the file ends inside a quoted value: a quote (") is'),
        (b"a,b\n1\r2,3\n", "row 2: contains a bare carriage return"),
    ],
)
def test_malformed_quoting_and_line_endings(tmp_path: Path, data: bytes, expected: str) -> None:
    problem = only(inspect_bytes(tmp_path, data).problems, "malformed")
    assert problem.message.startswith(expected)


def test_nul_byte_means_binary(tmp_path: Path) -> None:
    problem = only(inspect_bytes(tmp_path, b"a,b\n1,\x002\n").problems, "binary")
    assert problem.message.startswith("NUL byte at byte 6 (row 2)")
    assert problem.row == 2


def test_wrong_extension_blocks_with_advice(tmp_path: Path) -> None:
    problem = only(inspect_bytes(tmp_path, b"a\n1\n", name="data.txt").problems, "file_type")
    assert "'data.txt' is not a .csv or .jsonl file" in problem.message


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    result = inspect_file(tmp_path / "nope.csv")
    assert only(result.problems, "unreadable").message == (
        "can't read nope.csv: No such file or directory"
    )


def test_directory_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert only(inspect_file(folder).problems, "unreadable").message.startswith("can't read")


def test_group_column_counts_distinct_groups_and_warns_on_empty(tmp_path: Path) -> None:
    data = b"text,META_TASK_GROUP_ID\na,g1\nb,g1\nc,\nd,g2\ne, \n"
    result = inspect_bytes(tmp_path, data)
    assert result.can_upload
    assert result.group_column == "META_TASK_GROUP_ID"
    assert result.group_count == 2
    warning = only(result.warnings, "missing_group_id")
    assert warning.message == "2 rows (4, 6) have no META_TASK_GROUP_ID value"
    assert (warning.row, warning.column) == (4, 2)


def test_group_column_can_be_chosen(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"text,task_group_id\na,1\nb,1\nc,2\n")
    assert inspect_file(path).group_column is None
    chosen = inspect_file(path, group_column="task_group_id")
    assert (chosen.group_column, chosen.group_count) == ("task_group_id", 2)


def test_blank_rows_are_a_warning(tmp_path: Path) -> None:
    result = inspect_bytes(tmp_path, b"a,b\n1,2\n\n3,4\n,\n")
    assert result.can_upload
    assert result.row_count == 2
    warning = only(result.warnings, "blank_rows")
    assert (
        warning.message == "2 rows (3, 5) are empty; remove them so no empty datapoint is created"
    )
    assert warning.row == 3


def test_header_warnings(tmp_path: Path) -> None:
    spaces = only(inspect_bytes(tmp_path, b"a, b\n1,2\n").warnings, "header_spaces")
    assert spaces.message == "column 2 name ' b' has spaces at the start or end"
    separator = only(inspect_bytes(tmp_path, b"a;b;c\n1;2;3\n").warnings, "separator")
    assert "semicolons" in separator.message
    hidden = only(inspect_bytes(tmp_path, b"META_a,META_b\n1,2\n").warnings, "all_hidden")
    assert hidden.message == "every column starts with META_, so participants will see no data"


def test_large_file_warning_text() -> None:
    warning = large_file_warning(612_000_000)
    assert warning is not None
    assert warning.message == "file is 612 MB; uploads over 500 MB are slow"
    assert large_file_warning(500_000_000) is None


def test_large_file_warning_reaches_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inspection, "LARGE_FILE_BYTES", 10)
    result = inspect_bytes(tmp_path, b"text\nsomething long\n")
    assert result.can_upload
    assert only(result.warnings, "large_file").message == (
        "file is 20 bytes; uploads over 10 bytes are slow"
    )


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (3_400, "3.4 kB"), (612_000_000, "612 MB")],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


def test_max_bytes_scanned_stops_early_and_extrapolates(tmp_path: Path) -> None:
    data = b"n\n" + b"".join(b"%04d\n" % i for i in range(1000))
    result = inspect_bytes(tmp_path, data, max_bytes_scanned=502)
    assert not result.complete
    assert result.row_count == 100
    assert result.scanned_bytes == 502
    assert 990 <= result.estimated_row_count <= 1010

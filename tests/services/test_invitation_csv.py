"""Parsing a CSV file of candidates: every problem of every row, or why the whole file is
refused. Pure: no app, no database."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.invitation_csv import (
    TEMPLATE,
    FileProblem,
    RowProblem,
    parse_candidates,
    parse_extra_time,
    rows_from_data,
)

HEADER = "first_name,last_name,email\n"


def _parse(text: str, **kwargs: int):  # type: ignore[no-untyped-def]
    return parse_candidates(text.encode(), **kwargs)


def test_the_template_parses_without_a_problem() -> None:
    parsed = parse_candidates(("\ufeff" + TEMPLATE).encode())
    assert parsed.problem is None
    assert [(r.line, r.first_name, r.email, r.language, r.extra_time_factor)
            for r in parsed.rows] == [
        (2, "Olena", "olena.kovalenko@example.com", "uk", None),
        (3, "John", "john.smith@example.com", "", 1.5)]
    assert parsed.rows[0].preferred_name == "Lena" and all(r.valid for r in parsed.rows)


def test_each_row_lists_every_one_of_its_problems() -> None:
    parsed = _parse("first_name,last_name,email,language,extra_time\n"
                    ",,not-an-address,de,9\n"
                    "Ann,Lee,,,\n")
    first, second = parsed.rows
    assert first.problems == [RowProblem.FIRST_NAME_MISSING, RowProblem.LAST_NAME_MISSING,
                              RowProblem.EMAIL_INVALID, RowProblem.LANGUAGE_UNKNOWN,
                              RowProblem.EXTRA_TIME_INVALID]
    assert second.problems == [RowProblem.EMAIL_MISSING]
    assert parsed.valid_rows == []


def test_a_name_longer_than_the_column_is_a_problem() -> None:
    [row] = _parse(HEADER + f"{'x' * 201},Lee,a@example.com\n").rows
    assert row.problems == [RowProblem.NAME_TOO_LONG]


def test_a_second_row_with_the_same_email_points_at_the_first() -> None:
    parsed = _parse(HEADER + "Ann,Lee,ann@example.com\nBob,Ray,b@example.com\n"
                    "Ann,Again,ANN@example.com\n")
    assert [r.problems for r in parsed.rows] == [[], [], [RowProblem.DUPLICATE_IN_FILE]]
    assert parsed.rows[2].duplicate_of_line == 2


def test_columns_are_found_in_any_order_case_and_spelling() -> None:
    [row] = _parse("E-mail ,Last Name,FIRST_NAME,Language,Notes\n"
                   "x@example.com,Lee,Ann,UK,met at the fair\n".replace("E-mail", "Email")).rows
    assert (row.first_name, row.last_name, row.email, row.language) == (
        "Ann", "Lee", "x@example.com", "uk")


def test_unknown_columns_are_named_and_ignored() -> None:
    parsed = _parse("first_name,last_name,email,notes\nAnn,Lee,a@example.com,hi\n")
    assert parsed.problem is None and parsed.ignored_columns == ["notes"]


def test_excels_semicolons_and_sep_line_and_tabs_are_read() -> None:
    semicolons = _parse("first_name;last_name;email;extra_time\nAnn;Lee;a@example.com;1,5\n")
    assert semicolons.rows[0].extra_time_factor == 1.5
    hinted = _parse("sep=;\r\nfirst_name;last_name;email\r\nAnn;Lee;a@example.com\r\n")
    assert hinted.rows[0].line == 2 and hinted.rows[0].valid
    tabs = _parse("first_name\tlast_name\temail\nAnn\tLee\ta@example.com\n")
    assert tabs.rows[0].valid


def test_a_byte_order_mark_is_not_part_of_the_first_column() -> None:
    parsed = parse_candidates(b"\xef\xbb\xbf" + HEADER.encode() + b"Ann,Lee,a@example.com\n")
    assert parsed.problem is None and parsed.rows[0].first_name == "Ann"


def test_cyrillic_names_in_utf8_are_kept() -> None:
    [row] = parse_candidates((HEADER + "Олена,Коваленко,o@example.com\n").encode()).rows
    assert (row.first_name, row.last_name) == ("Олена", "Коваленко")


def test_blank_lines_are_skipped_and_lines_are_counted_as_in_the_file() -> None:
    parsed = _parse(HEADER + "\nAnn,Lee,a@example.com\n,,\n\"Bob\nBobby\",Ray,b@example.com\n"
                    "Cy,Day,c@example.com\n")
    assert [row.line for row in parsed.rows] == [3, 5, 7]
    assert parsed.rows[1].first_name == "Bob\nBobby"


@pytest.mark.parametrize(("data", "problem"), [
    (b"", FileProblem.EMPTY),
    (b"  \n\n", FileProblem.EMPTY),
    (b",,,\n,,\n", FileProblem.EMPTY),
    ("first_name,last_name,email\nОлена,К,o@example.com\n".encode("cp1251"),
     FileProblem.NOT_UTF8),
    (b"PK\x03\x04\x00\x00binary", FileProblem.NOT_CSV),
    (b'first_name,last_name,email\n"Ann,Lee,a@example.com\n', FileProblem.NOT_CSV),
    (b"name,email\nAnn,a@example.com\n", FileProblem.MISSING_COLUMNS),
    (HEADER.encode(), FileProblem.NO_ROWS),
])
def test_a_file_that_cannot_be_read_is_refused_whole(data: bytes,
                                                      problem: FileProblem) -> None:
    parsed = parse_candidates(data)
    assert parsed.problem is problem and parsed.rows == []


def test_missing_columns_are_named() -> None:
    assert _parse("name,email\nAnn,a@example.com\n").missing_columns == [
        "first_name", "last_name"]


def test_too_many_rows_are_refused_with_their_count() -> None:
    parsed = _parse(HEADER + "Ann,Lee,a@example.com\n" * 4, max_rows=3)
    assert parsed.problem is FileProblem.TOO_MANY_ROWS and parsed.row_count == 4
    assert _parse(HEADER + "Ann,Lee,a@example.com\n" * 3, max_rows=3).problem is None


def test_a_file_over_the_size_limit_is_refused() -> None:
    data = HEADER + "Ann,Lee,a@example.com\n" * 10
    assert _parse(data, max_bytes=len(data) - 1).problem is FileProblem.TOO_BIG
    assert _parse(data, max_bytes=len(data)).problem is None


@pytest.mark.parametrize(("typed", "factor"), [
    ("1", 1.0), ("1.25", 1.25), ("1,5", 1.5), ("2", 2.0), ("4", 4.0), (" 1.5 ", 1.5),
    ("50%", 1.5), ("+25%", 1.25), ("100 %", 2.0), ("300%", 4.0), ("0%", 1.0),
    ("0.5", None), ("4.01", None), ("301%", None), ("-50%", None), ("abc", None),
    ("", None), ("1e0", None), ("nan", None), ("inf", None),
])
def test_extra_time_is_a_factor_or_a_percentage_from_1_to_4(typed: str,
                                                            factor: float | None) -> None:
    assert parse_extra_time(typed) == factor


def test_rows_sent_back_are_checked_again() -> None:
    rows = rows_from_data([
        {"line": 2, "first_name": "Ann", "last_name": "Lee", "email": "a@example.com"},
        {"line": 3, "first_name": "", "last_name": "Lee", "email": "A@example.com",
         "extra_time": "7"},
        {"line": 4, "first_name": "Bo", "last_name": "Ray", "email": "a@example.com"},
    ])
    assert [r.problems for r in rows] == [
        [], [RowProblem.FIRST_NAME_MISSING, RowProblem.EXTRA_TIME_INVALID,
             RowProblem.DUPLICATE_IN_FILE],  # an address's case does not make it another
        [RowProblem.DUPLICATE_IN_FILE]]


def _csv(rows: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["first_name", "last_name", "email"])
    writer.writerows(rows)
    return out.getvalue().encode()


cells = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=20),
       st.sampled_from([",", ";", "\t"]))
def test_any_file_a_spreadsheet_writes_gives_one_row_per_record_or_one_reason(
        rows: list[list[str]], delimiter: str) -> None:
    parsed = parse_candidates(_csv(rows, delimiter))
    non_blank = [row for row in rows if any(cell.strip() for cell in row)]
    assert parsed.problem is (None if non_blank else FileProblem.NO_ROWS)
    assert len(parsed.rows) == len(non_blank)
    for row, cells_ in zip(parsed.rows, non_blank, strict=True):
        assert row.first_name == cells_[0].strip()
        assert row.valid == (not row.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_no_bytes_make_the_parser_fail(data: bytes) -> None:
    parsed = parse_candidates(data)
    assert parsed.problem is not None or parsed.rows
    assert all(row.line >= 2 for row in parsed.rows)

"""The charts' geometry (app.results.charts), the distribution query behind the second,
and what the page draws from them: an image with a title and a description, and a table."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Attempt, Invitation, Test
from app.results.charts import (
    BAR_LABEL,
    BAR_TRACK,
    bin_of,
    score_histogram,
    section_bars,
)
from app.results.queries import score_distribution
from tests.results.conftest import link, take
from tests.results.html import Page


def test_a_bar_is_as_long_as_its_percent_of_the_track() -> None:
    chart = section_bars([("Basics", 60.0), ("Writing", 16.67), ("Over", 130.0)], pass_mark=70.0)
    assert [bar.width for bar in chart.bars] == [BAR_TRACK * 0.6, round(BAR_TRACK * 0.1667, 2),
                                                 BAR_TRACK]
    assert chart.pass_mark_x == BAR_LABEL + BAR_TRACK * 0.7
    assert [tick[1] for tick in chart.ticks] == [0, 25, 50, 75, 100]
    # One row each, top to bottom, inside the picture.
    ys = [bar.y for bar in chart.bars]
    assert ys == sorted(ys) and ys[-1] + 18 < chart.height


def test_a_long_section_title_is_cut_in_the_picture_only() -> None:
    title = "A section with a remarkably long and descriptive title"
    bar = section_bars([(title, 50.0)]).bars[0]
    assert bar.label == title
    assert bar.short_label.endswith("…") and len(bar.short_label) == 26


@pytest.mark.parametrize(("percent", "expected"), [(0.0, 0), (9.99, 0), (10.0, 1), (55.5, 5),
                                                   (99.99, 9), (100.0, 9)])
def test_scores_fall_in_ten_point_bins_with_100_in_the_last(percent: float,
                                                            expected: int) -> None:
    assert bin_of(percent) == expected


def test_columns_are_as_tall_as_their_counts_and_the_candidates_is_marked() -> None:
    chart = score_histogram([0, 1, 2, 4, 0, 0, 0, 0, 0, 3], 35.0)
    assert chart.total == 10 and chart.marked_bin == 3
    assert [c.marked for c in chart.columns].index(True) == 3
    heights = [c.height for c in chart.columns]
    assert heights[0] == 0 and heights[2] == 2 * heights[1] and heights[3] == 4 * heights[1]
    for column in chart.columns:
        assert column.y + column.height == pytest.approx(chart.baseline_y)
    xs = [c.x for c in chart.columns]
    assert xs == sorted(xs) and xs[-1] + chart.columns[-1].width <= chart.plot_right
    assert [value for _, value in chart.ticks] == [0, 1, 2, 3, 4]


def test_no_column_is_marked_without_a_final_score() -> None:
    chart = score_histogram([1] * 10, None)
    assert chart.marked_bin is None and not any(c.marked for c in chart.columns)


def test_a_histogram_needs_ten_bins() -> None:
    with pytest.raises(ValueError, match="expected 10 bins"):
        score_histogram([1, 2, 3], 50.0)


ALL_RIGHT = {"choice": "a", "multi": ["a", "b"], "truth": True, "number": "4", "word": "dict",
             "order": ["a", "b", "c"]}


def test_the_distribution_counts_completed_attempts_of_the_version_per_bin(
        make_invitation: Callable[..., Invitation], review_test: Test,
        finished_attempt: Attempt) -> None:
    for answers in ({"choice": "b"}, {"choice": "a"}, ALL_RIGHT):
        take(make_invitation(review_test).attempts[0], answers)
    # 0 %, 6.67 % and 55.56 % completed; the essay attempt (awaiting review) not counted.
    assert score_distribution(db.session, review_test.id) == [2, 0, 0, 0, 0, 1, 0, 0, 0, 0]


def _page(client: FlaskClient, attempt: Attempt) -> Page:
    response = client.get(link(attempt.invitation))
    assert response.status_code == 200
    return Page(response.text)


def test_the_page_draws_both_charts_with_a_title_a_description_and_a_table(
        client: FlaskClient, make_invitation: Callable[..., Invitation],
        review_test: Test) -> None:
    take(make_invitation(review_test).attempts[0], {"choice": "b"})
    attempt = take(make_invitation(review_test).attempts[0], ALL_RIGHT)
    page = _page(client, attempt)
    svgs = page.all("svg")
    assert [svg.attrs["role"] for svg in svgs] == ["img", "img"]
    titles = [page.all("title", within=svg)[0].squashed() for svg in svgs]
    assert titles == ["Score per section of Python review",
                      "Scores of the 2 candidates who completed this version of Python review"]
    descs = [page.all("desc", within=svg)[0].squashed() for svg in svgs]
    assert descs[0] == "Basics: 100%; Writing: 33.33%. Pass mark 70%."
    assert descs[1].startswith("0 to 10%: 1; 10 to 20%: 0;")
    assert descs[1].endswith("This candidate scored 55.56%.")
    for svg in svgs:
        labelled = svg.attrs["aria-labelledby"].split()
        assert [page.by_id(i).tag for i in labelled] == ["title", "desc"]
    # The distribution's table, its candidate's row said in words.
    rows = page.table_rows("distribution")
    assert rows[0] == ["0 to 10%", "1", ""]
    assert rows[5] == ["50 to 60%", "1", "Here (55.56%)"]
    marked = page.all("rect", "chart-column-marked")
    assert len(marked) == 1 and marked[0].attrs["fill"].startswith("url(#distribution-")


def test_the_distribution_waits_for_a_final_score_to_mark_the_candidate(
        client: FlaskClient, finished_attempt: Attempt,
        make_invitation: Callable[..., Invitation], review_test: Test) -> None:
    take(make_invitation(review_test).attempts[0], ALL_RIGHT)
    page = _page(client, finished_attempt)  # awaiting review: not among the completed
    assert not page.all("rect", "chart-column-marked")
    assert "not among them until its result is final" in page.root.squashed()

"""Reading YAML: positions, YAML 1.2 scalars, duplicate keys, and broken input as problems."""

from __future__ import annotations

import math

from app.banks.source import MAX_EXPANDED_NODES, read_source


def test_it_maps_paths_to_one_based_lines_and_columns() -> None:
    source = read_source("id: x\nsections:\n  - id: main\n    title: Main\n", "b.yaml")
    assert source.position(("sections", 0, "title")) == (4, 12)
    assert source.position(("sections", 0, "title"), at_key=True) == (4, 5)
    assert source.position(("sections", 0)) == (3, 5)


def test_it_points_at_the_deepest_existing_value_when_a_path_leaves_the_data() -> None:
    source = read_source("id: x\nsections:\n  - id: main\n", "b.yaml")
    assert source.position(("sections", 0, "questions", 3, "id")) == (3, 5)
    assert source.position(("sections", 7)) == (3, 3)
    assert source.position(("id", "deeper")) == (1, 5)


def test_it_resolves_scalars_by_the_yaml_1_2_core_schema() -> None:
    source = read_source(
        "a: yes\nb: no\nc: on\nd: true\ne: 1:30\nf: 0o17\ng: 0x1F\nh: 1e3\ni: .inf\n"
        "j: ~\nk:\nl: 2024-01-01\nm: '42'\nn: 010\n", "b.yaml")
    assert source.data == {
        "a": "yes", "b": "no", "c": "on", "d": True, "e": "1:30", "f": 15, "g": 31,
        "h": 1000.0, "i": math.inf, "j": None, "k": None, "l": "2024-01-01", "m": "42", "n": 10,
    }


def test_it_keeps_keys_as_written() -> None:
    source = read_source("on: 1\n1: 2\nnull: 3\n", "b.yaml")
    assert source.data == {"on": 1, "1": 2, "null": 3}


def test_it_reports_a_duplicate_key_at_the_second_one() -> None:
    source = read_source("id: x\nname: A\nid: y\n", "b.yaml")
    assert [str(p) for p in source.problems] == [
        "b.yaml:3:1: duplicate key 'id'; it is already set on line 1"]


def test_it_reports_a_syntax_error_at_its_mark() -> None:
    source = read_source("id: x\noptions: [a, b\nname: y\n", "b.yaml")
    assert source.data is None
    assert [str(p) for p in source.problems] == [
        "b.yaml:3:5: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 2)"]


def test_it_reports_tabs_used_for_indentation() -> None:
    source = read_source("id: x\nsections:\n\t- id: y\n", "b.yaml")
    assert [str(p) for p in source.problems] == [
        "b.yaml:3:1: invalid YAML: found character that cannot start any token "
        "(while scanning for the next token)"]


def test_it_reports_an_empty_file() -> None:
    source = read_source("# only a comment\n", "b.yaml")
    assert [str(p) for p in source.problems] == [
        "b.yaml:1:1: the file is empty; a question bank starts with keys like 'id', 'name' "
        "and 'sections'"]


def test_it_reports_tags_it_does_not_support() -> None:
    source = read_source("id: !!binary aGk=\nname: !custom x\n", "b.yaml")
    assert [str(p) for p in source.problems] == [
        "b.yaml:1:5: unsupported YAML tag 'tag:yaml.org,2002:binary'; remove it",
        "b.yaml:2:7: unsupported YAML tag '!custom'; remove it",
    ]


def test_it_merges_mappings_with_explicit_keys_winning() -> None:
    text = "base: &base {points: 2, type: essay}\nq:\n  <<: *base\n  points: 3\n"
    source = read_source(text, "b.yaml")
    assert source.problems == []
    assert source.data["q"] == {"points": 3, "type": "essay"}
    assert source.position(("q", "type")) == (1, 31)
    assert source.position(("q", "points")) == (4, 11)


def test_it_shares_aliased_data_without_copying() -> None:
    source = read_source("a: &r [1, 2]\nb: *r\n", "b.yaml")
    assert source.data["a"] is source.data["b"]


def test_it_refuses_alias_bombs() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    source = read_source("\n".join(levels) + "\n", "b.yaml")
    assert source.data is None
    assert [str(p) for p in source.problems] == [
        f"b.yaml:1:1: the YAML expands to more than {MAX_EXPANDED_NODES:,} values through "
        "aliases; use fewer '*' references"]


def test_it_reports_a_list_or_mapping_used_as_a_key() -> None:
    source = read_source("? [a, b]\n: 1\nid: x\n", "b.yaml")
    assert [str(p) for p in source.problems] == [
        "b.yaml:1:3: a key must be plain text, not a list or a mapping"]
    assert source.data == {"id": "x"}


def test_it_reports_a_control_character_where_it_is() -> None:
    source = read_source("id: x\nname: a\x01b\n", "b.yaml")
    assert [str(p) for p in source.problems] == [
        "b.yaml:2:8: invalid YAML: the character U+0001 is not allowed; remove it"]


def test_it_reports_a_second_document() -> None:
    source = read_source("id: x\n---\nid: y\n", "b.yaml")
    assert [str(p) for p in source.problems] == [
        "b.yaml:2:1: invalid YAML: expected a single document in the stream, but found "
        "another document"]

"""`zhunru judge` over the demo district's files reproduces the expected verdicts (expected.csv) for at
least 97 % of the sample notices."""

from __future__ import annotations

import csv

from django.core.management import call_command

from zhunru.demo import loader

FILES = ("catalog.csv", "departments.csv", "communities.csv", "notices.csv")


def test_zhunru_judge_reproduces_the_expected_verdicts(tmp_path):
    for name in FILES:
        (tmp_path / name).write_bytes(loader.data_file(name))
    out = tmp_path / "verdicts.csv"
    call_command(
        "judge",
        catalog=str(tmp_path / "catalog.csv"),
        departments=str(tmp_path / "departments.csv"),
        communities=str(tmp_path / "communities.csv"),
        notices=str(tmp_path / "notices.csv"),
        out=str(out),
    )
    expected = {
        row["id"]: row for row in csv.DictReader(loader.data_file("expected.csv").decode().splitlines())
    }
    with out.open(encoding="utf-8") as fh:
        got = {row["id"]: row for row in csv.DictReader(fh)}
    assert set(got) == set(expected)
    assert list(next(csv.reader(out.open(encoding="utf-8")))) == ["id", "verdict", "item", "score", "reason"]
    right = [i for i in expected if got[i]["verdict"] == expected[i]["verdict"]]
    assert len(right) / len(expected) >= 0.97, [i for i in expected if i not in right]

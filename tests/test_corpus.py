"""The 42 real documents of ../shared/corpus: plans read exactly, everything else refused with its reason.

The task tables are compared with hand labels (tests/corpus_labels, one object per task as read by
a person) and with the whole expected cards (tests/expected/corpus); MANIFEST.tsv says what each
document is.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tracker.errors import ImportFailed
from tracker.importer import read_plan
from tracker.text import clean

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = Path(__file__).resolve().parent / "corpus_labels"
EXPECTED = Path(__file__).resolve().parent / "expected" / "corpus"
MANIFEST = list(csv.DictReader((CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
CARD_FIELDS = ("id", "number", "section", "content", "lead", "support", "lead_text", "support_text",
               "time_text", "deadline", "notes", "inferred", "source", "extras")


def of_kind(kind: str) -> list[str]:
    return [row["file"] for row in MANIFEST if row["kind"] == kind]


@pytest.mark.parametrize("name", of_kind("not-a-plan"))
def test_a_document_that_is_not_a_plan_is_refused_with_its_reason(name: str) -> None:
    with pytest.raises(ImportFailed) as info:
        read_plan(CORPUS / name)
    message = str(info.value)
    assert message.startswith(f"{name}: not a plan with tasks: ")
    # The reason names what was looked at: the tables skipped, or why the body was not read.
    assert "its body" in message or "the table at line" in message
    assert "--explain" in info.value.hint


def _label_view(label: dict) -> tuple:
    return (clean(label["content"]), clean(label["lead_text"]), clean(label["support_text"]),
            clean(label["time_text"]), {k: clean(v) for k, v in label["extras"].items()}, label["line"])


@pytest.mark.parametrize("name", of_kind("task-table"))
def test_a_task_table_gives_exactly_the_hand_labelled_tasks(name: str) -> None:
    labels = json.loads((LABELS / name.replace(".md", ".tasks.json")).read_text(encoding="utf-8"))
    result = read_plan(CORPUS / name)
    assert not result.inferred
    got = [(c.content, c.lead_text, c.support_text, c.time_text, c.extras, c.source["line"]) for c in result.cards]
    assert got == [_label_view(label) for label in labels]
    count = next(int(row["tasks"]) for row in MANIFEST if row["file"] == name)
    assert len(result.cards) == count


@pytest.mark.parametrize("name", of_kind("task-table"))
def test_a_task_table_matches_its_expected_cards_whole(name: str) -> None:
    expected = json.loads((EXPECTED / name.replace(".md", ".json")).read_text(encoding="utf-8"))
    result = read_plan(CORPUS / name)
    got = {"plan": result.plan.to_dict(), "shape": result.shape,
           "cards": [{k: v for k, v in card.to_dict().items() if k in CARD_FIELDS} for card in result.cards]}
    assert json.loads(json.dumps(got)) == expected


def test_the_two_tables_of_one_decision_keep_apart_with_readable_ids() -> None:
    result = read_plan(CORPUS / "646f0a00d4174382.md")
    tables = [t for t in result.tables if t.is_tasks]
    assert [len(t.rows) for t in tables] == [58, 24]
    ids = [c.id for c in result.cards]
    assert len(set(ids)) == len(ids)
    assert ids[0].endswith(".pl1.A.1.1") and ids[-1].endswith(".pl2.VII.2")
    first = result.cards[0]
    assert first.section == "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert first.lead == ["Bộ Nông nghiệp và Môi trường"]
    # A continuation row of a lost merge inherits lead and group from the row above, and says so.
    second = result.cards[1]
    assert second.lead_text == first.lead_text and second.content.startswith("- Rà soát, cập nhật")
    assert any("lost merged cells" in w.message and w.line == second.source["line"] for w in result.warnings)


@pytest.mark.parametrize("name", of_kind("body-tasks"))
def test_a_plan_with_tasks_labelled_in_its_body_gives_inferred_cards(name: str) -> None:
    result = read_plan(CORPUS / name)
    assert result.shape == "labelled" and result.inferred
    approx = int(next(row["tasks"] for row in MANIFEST if row["file"] == name).lstrip("~"))
    assert approx // 2 <= len(result.cards) <= approx * 2
    assert all(card.lead_text or card.time_text for card in result.cards)
    assert sum(1 for card in result.cards if card.lead) * 2 >= len(result.cards)

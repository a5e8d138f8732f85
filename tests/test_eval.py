"""`attrib eval` and ``attrib.evaluate.evaluate``: each metric on small hand-made cases with known answers."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.document import Document, Entity, Quote, Span
from attrib.errors import UsageError
from attrib.evaluate import (
    PRF_METRICS,
    bootstrap_f1,
    evaluate,
    evaluate_documents,
    normalize_name,
    same_speaker,
    snippet,
    worst_documents,
)
from attrib.wire import to_dict

from .conftest import DATA, SEED_GOLD, requires_data

runner = CliRunner()

TEXT = ("“We won,” said Mr. Abe, “and we are glad.” Trump said that they lost badly. "
        "The senators warned the bill “is dead.” Officials said talks would resume.\n")


def sp(part: str, after: int = 0) -> Span:
    i = TEXT.index(part, after)
    return Span(i, i + len(part))


def quote(*parts: str, qtype: str = "direct", cue: str | None = None, speaker: str | None = None,
          entity: str | None = None) -> Quote:
    return Quote(tuple(sp(p) for p in parts), qtype, sp(cue) if cue else None, sp(speaker) if speaker else None,
                 entity)


ABE = Entity("e1", "Shinzo Abe", "person", (sp("Mr. Abe"),))
TRUMP = Entity("e2", "Donald Trump", "person", (sp("Trump"),))
SENATORS = Entity("e3", "Jon Tester; David Vitter", "group", (sp("The senators"),))
OFFICIALS = Entity("e4", None, "unnamed", (sp("Officials"),))
ENTITIES = (ABE, TRUMP, SENATORS, OFFICIALS)
Q_ABE = quote("“We won,”", "“and we are glad.”", cue="said", speaker="Mr. Abe", entity="e1")
Q_TRUMP = quote("that they lost badly", qtype="indirect", cue="said that", speaker="Trump", entity="e2")
Q_SENATORS = quote("the bill “is dead.”", qtype="mixed", cue="warned", speaker="The senators", entity="e3")
Q_OFFICIALS = quote("talks would resume", qtype="indirect", cue="said talks", speaker="Officials", entity="e4")
GOLD = Document(TEXT, "d1", (Q_ABE, Q_TRUMP, Q_SENATORS, Q_OFFICIALS), ENTITIES)


def doc(*quotes: Quote, entities: tuple[Entity, ...] = ENTITIES, doc_id: str = "d1") -> Document:
    return Document(TEXT, doc_id, quotes, entities)


def score(pred: Document, gold: Document = GOLD, **kw) -> dict:
    return evaluate([gold], [pred], bootstrap=kw.pop("bootstrap", 0), **kw)


# -- content ---------------------------------------------------------------------------------------------


def test_perfect_prediction_scores_one_everywhere() -> None:
    r = score(GOLD)
    for m in PRF_METRICS:
        assert r[f"{m}_f1"] == 1.0, m
    for k in ("type_accuracy", "cue_accuracy", "source_accuracy", "speaker_accuracy", "attributed_recall"):
        assert r[k] == 1.0, k
    assert r["primary_metric"] == "fragment_f1"
    assert (r["gold_quotes"], r["pred_quotes"], r["matched_quotes"]) == (4, 4, 4)


def test_fragment_extent_and_token_levels() -> None:
    # Abe: one of two fragments (trimmed equal), so the extent differs; Trump: "they lost" of "that they lost
    # badly" (not exact, Jaccard 2/4 = 0.5 so matched); senators and officials missed.
    pred = doc(quote("We won"), quote("they lost", qtype="indirect"))
    r = score(pred)
    # gold fragments: 2 (Abe) + 1 + 1 + 1 = 5; predicted 2; exact: "We won" only.
    assert (r["fragment_tp"], r["fragment_pred"], r["fragment_gold"]) == (1, 2, 5)
    assert r["fragment_precision"] == 0.5 and r["fragment_recall"] == pytest.approx(0.2)
    assert r["fragment_f1"] == pytest.approx(2 * 0.5 * 0.2 / 0.7)
    assert (r["extent_tp"], r["extent_pred"], r["extent_gold"]) == (0, 2, 4)
    # gold tokens: We won and we are glad (6) + that they lost badly (4) + the bill is dead (4) + talks would
    # resume (3) = 17; predicted: We won they lost (4), all in gold.
    assert (r["token_tp"], r["token_pred"], r["token_gold"]) == (4, 4, 17)
    # Abe: {We, won} vs 6 tokens is Jaccard 1/3 (unmatched); Trump matched.
    assert (r["quote_tp"], r["quote_pred"], r["quote_gold"]) == (1, 2, 4)


def test_empty_predictions() -> None:
    r = score(doc(entities=()), bootstrap=200)
    for m in PRF_METRICS:
        assert (r[f"{m}_precision"], r[f"{m}_recall"], r[f"{m}_f1"]) == (0.0, 0.0, 0.0)
        assert (r[f"{m}_f1_ci_low"], r[f"{m}_f1_ci_high"]) == (0.0, 0.0)
    assert r["matched_quotes"] == 0 and r["pred_quotes"] == 0
    assert r["type_accuracy"] == 0.0 and r["type_accuracy_n"] == 0
    assert r["attributed_recall"] == 0.0 and r["attributed_recall_n"] == 3  # Abe, Trump, the senators


def test_cue_and_source_exact_and_accuracy_on_matched_quotes() -> None:
    pred = doc(
        quote("“We won,”", "“and we are glad.”", cue="said", speaker="Mr. Abe"),  # both exact
        quote("that they lost badly", qtype="indirect", cue="that", speaker=None),  # cue overlaps, no source
        quote("the bill “is dead.”", qtype="mixed", cue="bill", speaker="senators"),  # cue wrong, source overlaps
        entities=(),
    )
    r = score(pred)
    # distinct gold cues: said, said that, warned, said talks (4); predicted: said, that, bill (3); exact: said.
    assert (r["cue_tp"], r["cue_pred"], r["cue_gold"]) == (1, 3, 4)
    assert (r["source_tp"], r["source_pred"], r["source_gold"]) == (1, 2, 4)
    assert (r["cue_accuracy"], r["cue_accuracy_n"]) == (pytest.approx(2 / 3), 3)
    assert (r["source_accuracy"], r["source_accuracy_n"]) == (pytest.approx(2 / 3), 3)


def test_type_accuracy_confusion_and_per_type_breakdown() -> None:
    # The direct Abe quote found but typed indirect; the indirect Trump quote found and right; mixed and the
    # second indirect missed; one spurious mixed quote.
    pred = doc(replace(Q_ABE, type="indirect"), Q_TRUMP, quote("Officials said", qtype="mixed"))
    r = score(pred)
    assert (r["type_accuracy"], r["type_accuracy_n"]) == (0.5, 2)
    assert r["confusion_direct_indirect"] == 1 and r["confusion_indirect_indirect"] == 1
    assert r["confusion_direct_direct"] == 0
    # recall by gold type
    assert (r["direct_fragment_recall"], r["direct_fragment_gold"]) == (1.0, 2)
    assert (r["indirect_quote_recall"], r["indirect_quote_gold"]) == (0.5, 2)
    assert r["indirect_token_recall"] == pytest.approx(4 / 7)
    assert r["mixed_extent_recall"] == 0.0
    # precision by predicted type: no direct predictions; the indirect ones are both right; mixed spurious
    assert (r["direct_fragment_precision"], r["direct_fragment_pred"]) == (0.0, 0)
    assert (r["indirect_fragment_precision"], r["indirect_fragment_pred"]) == (1.0, 3)
    assert (r["indirect_extent_precision"], r["indirect_quote_precision"]) == (1.0, 1.0)
    assert (r["mixed_quote_precision"], r["mixed_token_precision"]) == (0.0, 0.0)
    assert r["indirect_quote_f1"] == pytest.approx(2 * 1.0 * 0.5 / 1.5)


# -- speakers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [
        ("Donald Trump", "President Donald J. Trump", True),
        ("Shinzo Abe", "MR. SHINZO ABE", True),
        ("John Kerry", "Secretary of State John F. Kerry", True),
        ("Martin Luther King Jr.", "martin luther king", True),
        ("The New York Times", "New York Times", True),
        ("Jon Tester; David Vitter", "Sen. David Vitter; Jon Tester", True),
        ("Jon Tester; David Vitter", "Jon Tester", False),
        ("Jon Tester; David Vitter", "Jon Tester; David Vitter; Harry Reid", False),
        ("Hillary Clinton", "Bill Clinton", False),
        ("Barack Obama", "Obama", False),
        ("Donald Trump", None, False),
        ("Donald Trump", "", False),
    ],
)
def test_same_speaker(gold: str, pred: str | None, same: bool) -> None:
    assert same_speaker(gold, pred) is same


def test_normalize_name() -> None:
    assert normalize_name("Mrs. Hillary Rodham Clinton") == "hillary rodham clinton"
    assert normalize_name("Donald J. Trump") == normalize_name("donald trump") == "donald trump"
    assert normalize_name("the President") == "president"  # the last word always stays


def test_speaker_accuracy_and_attributed_recall() -> None:
    # Predicted entities: Abe with title and odd case (right), Trump given to a different person (wrong),
    # the senators' group in another order (right, but that quote is missed), the unnamed quote found.
    entities = (Entity("p1", "mr. shinzo ABE", "person"), Entity("p2", "Bill Clinton", "person"),
                Entity("p3", "David Vitter; Jon Tester", "group"))
    pred = doc(replace(Q_ABE, entity="p1"), replace(Q_TRUMP, entity="p2"),
               replace(Q_OFFICIALS, entity=None), quote("Officials said", entity="p3"), entities=entities)
    r = score(pred)
    # matched with a named gold speaker: Abe (right), Trump (wrong); officials are unnamed (not counted)
    assert (r["speaker_accuracy"], r["speaker_accuracy_n"]) == (0.5, 2)
    # named gold quotes: Abe, Trump, senators; found with the right entity: Abe
    assert (r["attributed_recall"], r["attributed_recall_n"]) == (pytest.approx(1 / 3), 3)
    # by gold speaker kind
    assert (r["kind_person_quote_recall"], r["kind_person_speaker_accuracy"]) == (1.0, 0.5)
    assert (r["kind_group_quote_recall"], r["kind_group_attributed_recall"], r["kind_group_attributed_recall_n"]) \
        == (0.0, 0.0, 1)
    assert (r["kind_unnamed_quote_recall"], r["kind_unnamed_speaker_accuracy_n"]) == (1.0, 0)
    assert r["kind_none_quote_gold"] == 0


def test_group_in_other_order_is_right() -> None:
    pred = doc(replace(Q_SENATORS, entity="p"), entities=(Entity("p", "David Vitter; Jon Tester", "group"),))
    r = score(pred)
    assert (r["speaker_accuracy"], r["speaker_accuracy_n"]) == (1.0, 1)


# -- pairing, bootstrap, errors ----------------------------------------------------------------------------


def test_pairing_is_by_id_and_missing_ids_are_named() -> None:
    other = Document("Abe said talks went well.", "d2", (Quote((Span(9, 24),)),))
    a = evaluate([GOLD, other], [other, GOLD], bootstrap=0)
    assert a["fragment_f1"] == 1.0 and a["documents"] == 2
    with pytest.raises(UsageError, match="'d2'") as exc:
        evaluate([GOLD, other], [GOLD])
    assert exc.value.code == "E402"


def test_bootstrap_brackets_the_estimate_and_is_seeded() -> None:
    gold, pred = [], []
    for i in range(12):
        d = replace(GOLD, id=f"d{i}")
        gold.append(d)
        # documents of varying quality, so resamples differ
        pred.append(replace(d, quotes=d.quotes[: i % 5]))
    r1 = evaluate(gold, pred, bootstrap=500, seed=7)
    r2 = evaluate(gold, pred, bootstrap=500, seed=7)
    r3 = evaluate(gold, pred, bootstrap=500, seed=8)
    for m in PRF_METRICS:
        low, high = r1[f"{m}_f1_ci_low"], r1[f"{m}_f1_ci_high"]
        assert low <= r1[f"{m}_f1"] <= high, m
        assert (low, high) == (r2[f"{m}_f1_ci_low"], r2[f"{m}_f1_ci_high"])
    assert r1["fragment_f1_ci_low"] < r1["fragment_f1_ci_high"]
    assert (r1["fragment_f1_ci_low"], r1["fragment_f1_ci_high"]) != (r3["fragment_f1_ci_low"],
                                                                     r3["fragment_f1_ci_high"])
    off = evaluate(gold, pred, bootstrap=0)
    assert off["fragment_f1_ci_low"] is None and off["fragment_f1"] == r1["fragment_f1"]


def test_bootstrap_of_identical_documents_is_a_point() -> None:
    counts = np.array([[1, 2, 4]] * 5)  # tp, pred, gold of one metric; F1 = 2 * 0.5 * 0.25 / 0.75
    low, high = bootstrap_f1(counts, 100, 0)
    assert low[0] == pytest.approx(1 / 3) and high[0] == pytest.approx(1 / 3)


def test_old_and_new_entry_points_agree() -> None:
    pred = doc(quote("We won"), quote("they lost", qtype="indirect"))
    old = evaluate_documents([GOLD], [pred])
    new = score(pred)
    for m in ("fragment", "extent", "token", "cue", "source"):
        assert old[m]["f1"] == pytest.approx(new[f"{m}_f1"])
    assert old["fragment_f1"] == new["fragment_f1"] and old["type_accuracy"] == new["type_accuracy"]


def test_snippet_marks_the_span() -> None:
    s = snippet(TEXT, sp("that they lost badly"), context=10)
    assert s == "…rump said ⟦that they lost badly⟧. The sena…"


def test_worst_documents() -> None:
    good = replace(GOLD, id="good")
    bad = replace(GOLD, id="bad")
    entities = (Entity("p", "Bill Clinton", "person"),)
    pred_bad = doc(replace(Q_TRUMP, entity="p"), quote("Officials said"), entities=entities, doc_id="bad")
    worst = worst_documents([good, bad], [good, pred_bad], 5)
    assert [w["id"] for w in worst] == ["bad"]  # the perfect document is left out
    w = worst[0]
    assert (w["missed"], w["spurious"], w["misattributed"]) == (3, 1, 1)
    errors = {(i["error"], TEXT[i["start"]:i["end"]]) for i in w["items"]}
    assert ("misattributed", "that they lost badly") in errors and ("spurious", "Officials said") in errors
    wrong = next(i for i in w["items"] if i["error"] == "misattributed")
    assert (wrong["gold_speaker"], wrong["pred_speaker"]) == ("Donald Trump", "Bill Clinton")
    assert "⟦that they lost badly⟧" in wrong["snippet"]


# -- the command -----------------------------------------------------------------------------------------


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def write_jsonl(path, docs, include_text: bool = True):
    path.write_text("".join(json.dumps(to_dict(d, include_text=include_text)) + "\n" for d in docs), "utf-8")
    return path


@pytest.fixture(scope="module")
def seed_gold() -> Document:
    from attrib.data.dataset import read_gold

    return next(read_gold(SEED_GOLD))


@pytest.fixture
def weaker(tmp_path, seed_gold):
    """Predictions for the seed article without text: two quotes missed, one speaker entity renamed."""
    entities = tuple(replace(e, name="Bill Clinton") if e.name == "Shinzo Abe" else e for e in seed_gold.entities)
    return write_jsonl(tmp_path / "weaker.jsonl", [replace(seed_gold, quotes=seed_gold.quotes[2:],
                                                           entities=entities)], include_text=False)


def test_cli_gold_against_itself_is_perfect() -> None:
    result = invoke("eval", SEED_GOLD, "--pred", SEED_GOLD, "--format", "json")
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    f1s = {k: v for k, v in r.items() if k.endswith("_f1")}
    assert len(f1s) == len(PRF_METRICS) + 3 * 4
    assert all(v == 1.0 for v in f1s.values()), f1s
    assert r["speaker_accuracy"] == r["attributed_recall"] == r["type_accuracy"] == 1.0
    assert r["gold_quotes"] == 10 and r["fragment_f1_ci_low"] == 1.0 and r["primary_metric"] == "fragment_f1"


def test_cli_table_side_by_side(weaker) -> None:
    result = invoke("eval", SEED_GOLD, "--pred", weaker, "--pred", SEED_GOLD, "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "weaker" in out and SEED_GOLD.stem in out
    row = next(line for line in out.splitlines() if "fragment exact F1 " in line and "CI" not in line)
    assert "88.9" in row and "100.0" in row
    as_json = json.loads(invoke("eval", SEED_GOLD, "--pred", weaker, "--pred", SEED_GOLD, "-f", "json").stdout)
    assert set(as_json) == {"weaker", SEED_GOLD.stem}
    assert as_json["weaker"]["attributed_recall"] == pytest.approx(0.6)


def test_cli_markdown_and_breakdowns(weaker) -> None:
    result = invoke("eval", SEED_GOLD, "--pred", weaker, "--format", "markdown", "--by", "type")
    assert result.exit_code == 0, result.output
    assert "| metric | gold | pred | P | R | F1 | F1 95% CI |" in result.stdout
    assert "|---|---:|" in result.stdout and "| direct quote |" in result.stdout
    by_source = invoke("eval", SEED_GOLD, "--pred", weaker, "--by", "source", "--format", "markdown")
    assert by_source.exit_code == 0 and "| person | 6 | 83.3 |" in by_source.stdout


def test_cli_errors_show_snippets(weaker, tmp_path) -> None:
    result = invoke("eval", SEED_GOLD, "--pred", weaker, "--errors", "1", "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    assert "2 missed, 0 spurious, 2 mis-attributed" in result.stdout
    assert "⟦they will open negotiations" in result.stdout
    assert "(gold: Shinzo Abe; predicted: Bill Clinton)" in result.stdout
    out = tmp_path / "report.json"
    assert invoke("eval", SEED_GOLD, "--pred", weaker, "--errors", "1", "-f", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text("utf-8"))["errors"][0]["misattributed"] == 2


def test_cli_runs_a_model(tiny_model_dir) -> None:
    result = invoke("eval", SEED_GOLD, "--model", tiny_model_dir, "--format", "json", "--bootstrap", "10")
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    assert r["documents"] == 1 and r["gold_quotes"] == 10


def test_cli_missing_id(tmp_path, seed_gold) -> None:
    pred = write_jsonl(tmp_path / "other.jsonl", [replace(seed_gold, id="someone-else")])
    result = invoke("eval", SEED_GOLD, "--pred", pred)
    assert result.exit_code == 2
    assert "[E402]" in result.stderr and seed_gold.id in result.stderr and "other.jsonl" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('{"id": "ap-2018-09-26-us-japan-trade-talks", quotes}', "E106"),
        ('{"id": "ap-2018-09-26-us-japan-trade-talks", "quotes": [{"type": "direct", "fragments": [[5, 1]]}]}',
         "E201"),
        ('{"id": "ap-2018-09-26-us-japan-trade-talks", "text": "another text"}', "E402"),
    ],
)
def test_cli_bad_prediction_line(tmp_path, line: str, code: str) -> None:
    pred = tmp_path / "bad.jsonl"
    pred.write_text('{"id": "unrelated", "text": "x"}\n' + line + "\n", "utf-8")
    result = invoke("eval", SEED_GOLD, "--pred", pred)
    assert result.exit_code == 2
    assert f"[{code}]" in result.stderr and "bad.jsonl:2" in result.stderr


def test_cli_usage_errors(tmp_path) -> None:
    for args, words in [
        (("--pred", tmp_path / "none.jsonl"), "[E101]"),
        (("--pred", SEED_GOLD, "--format", "xml"), "[E402]"),
        (("--pred", SEED_GOLD, "--by", "speaker"), "[E402]"),
        (("--pred", SEED_GOLD, "--model", tmp_path), "[E402]"),
    ]:
        result = invoke("eval", SEED_GOLD, *args)
        assert result.exit_code == 2 and words in result.stderr, (args, result.output)


@pytest.mark.data
@requires_data("polnear")
def test_polnear_dev_against_itself(tmp_path) -> None:
    from attrib.data.polnear import convert

    gold = list(convert(DATA / "polnear", "dev"))
    started = time.perf_counter()
    r = evaluate(gold, gold, bootstrap=1000, seed=0)
    elapsed = time.perf_counter() - started
    assert (r["documents"], r["gold_quotes"]) == (84, 2192)
    for m in PRF_METRICS:
        assert r[f"{m}_f1"] == 1.0 and r[f"{m}_f1_ci_low"] == 1.0, m
    assert r["speaker_accuracy"] == 1.0 and r["attributed_recall"] == 1.0
    assert elapsed < 15, f"scoring took {elapsed:.1f} s"
    path = write_jsonl(tmp_path / "dev.jsonl", gold)
    result = invoke("eval", path, "--pred", path, "--format", "json", "--errors", "3", "--by", "source")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["fragment_f1"] == 1.0

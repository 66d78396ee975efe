"""Stance on held-out reviewed statements: the learned classifier against the lexicon (local only: needs the PolNeAR
texts, which are not in the repository).

    python bench/bench_stance.py [--gold tests/data/enrichment/polnear-dev-gold.jsonl]
        [--texts ../shared/data/polnear-dev.jsonl] [--topics claims/demo/topics/polnear.json] [--folds 5]
        [--min-confidence 0.6]

The enrichment dev gold stands in for editors' reviews: each labelled attribution with a topic is a reviewed
statement (its content's words, the topic an editor set, the stance they approved or corrected). The articles are
split into folds by a hash of their id; for each fold the classifier (`train_stance`, as `train_extractor` trains
it) learns from the other folds' statements and is scored on this fold's. Every statement is scored once.

Printed, over all held-out statements: accuracy and macro-F1 over favor/against of
- the lexicon: the holder-aware rules of `claims/nlp/topics.py` on the parsed article, told the statement's topic
  (only that topic is offered) and its source; no verdict (the rules see no mention of the topic) counts as neutral;
- the classifier alone;
- both as the extractor combines them: the lexicon's side where its words found one, else the classifier where its
  probability reaches --min-confidence (and the share the classifier decided);
- always "neutral" and always the training folds' most frequent stance, for scale.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")

STANCES = ("favor", "against", "neutral")


def scores(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float]:
    """(accuracy, macro-F1 over favor and against)."""
    accuracy = sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold)
    f1s = []
    for stance in ("favor", "against"):
        hits = sum(p == g == stance for p, g in zip(predicted, gold, strict=True))
        chosen, wanted = predicted.count(stance), gold.count(stance)
        precision = hits / chosen if chosen else 0.0
        recall = hits / wanted if wanted else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return accuracy, sum(f1s) / 2


def fold_of(article_id: str, folds: int) -> int:
    return int(hashlib.sha256(article_id.encode()).hexdigest(), 16) % folds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "tests/data/enrichment/polnear-dev-gold.jsonl"))
    parser.add_argument("--texts", default=str(DATA / "polnear-dev.jsonl"))
    parser.add_argument("--topics", default=str(ROOT / "claims/demo/topics/polnear.json"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--min-confidence", type=float, default=0.6)
    parser.add_argument("--epochs", type=int, default=None, help="training epochs (default: stance.cfg's)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    import django

    django.setup()
    from claims.nlp.enrichment_evaluation import gold_read
    from claims.nlp.learned.stance import StanceClassifier, StanceExample, load_stance, train_stance
    from claims.nlp.pipeline import load_nlp
    from claims.nlp.topics import topic_stance
    from claims.services.topic_files import topics_parse

    gold = gold_read(Path(args.gold).read_text(encoding="utf-8").splitlines())
    wanted = {article.id for article in gold}
    records = {}
    with open(args.texts, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in wanted:
                records[record["id"]] = record
    topics = {spec.slug: spec.as_entry() for spec in topics_parse(text=Path(args.topics).read_text(encoding="utf-8"))}

    nlp = load_nlp()
    started = time.monotonic()
    examples: list[tuple[int, StanceExample, str]] = []  # (fold, statement, the lexicon's stance)
    labelled = [article for article in gold if any(label.topic for label in article.labels)]
    texts = [records[article.id]["text"] for article in labelled]
    for article, doc in zip(labelled, nlp.pipe(texts, batch_size=4), strict=True):
        sources = {a["id"]: a.get("source") for a in records[article.id]["attributions"]}
        for label in article.labels:
            if not label.topic or not label.stance:
                continue
            source = sources.get(label.attribution_id)
            cue = doc.char_span(*label.cue, alignment_mode="expand")
            sentence = (cue.sent.start_char, cue.sent.end_char) if cue is not None else label.content
            found = topic_stance(
                doc=doc,
                content=label.content,
                context=sentence,
                cue=label.cue,
                topics=(topics[label.topic],),
                speaker=(source["start"], source["end"]) if source else None,
            )
            lexicon = found.stance if found.topic == label.topic and found.stance else "neutral"
            content = doc.text[label.content[0] : label.content[1]]
            statement = StanceExample(label.topic, content, label.stance, f"{article.id}/{label.attribution_id}")
            examples.append((fold_of(article.id, args.folds), statement, lexicon))
    parse_seconds = time.monotonic() - started

    gold_stances: list[str] = []
    lexicon_stances: list[str] = []
    classifier_stances: list[str] = []
    combined: list[str] = []
    majority: list[str] = []
    decided = 0
    train_seconds = 0.0
    overrides = {"training.max_epochs": args.epochs} if args.epochs else {}
    with tempfile.TemporaryDirectory() as work:
        for fold in range(args.folds):
            held = [(e, lexicon) for f, e, lexicon in examples if f == fold]
            train = [e for f, e, _lexicon in examples if f != fold]
            if not held:
                continue
            started = time.monotonic()
            out = Path(work) / f"fold-{fold}"
            train_stance(
                train, out_dir=out, held_out=[e for e, _ in held], log=io.StringIO(), config_overrides=overrides
            )
            train_seconds += time.monotonic() - started
            classifier = StanceClassifier(load_stance(out), min_confidence=args.min_confidence)
            predicted = classifier.predict([(e.topic, e.text) for e, _ in held])
            most = Counter(e.stance for e in train).most_common(1)[0][0]
            for (example, lexicon), (label, probability) in zip(held, predicted, strict=True):
                gold_stances.append(example.stance)
                lexicon_stances.append(lexicon)
                classifier_stances.append(label)
                # As the extractor combines them: the lexicon's side where its words found one, else the
                # classifier where it is confident.
                decides = lexicon == "neutral" and probability >= args.min_confidence
                decided += decides
                combined.append(label if decides else lexicon)
                majority.append(most)

    counts = Counter(gold_stances)
    print(
        f"stance on {len(gold_stances)} held-out reviewed statements ({args.folds}-fold by article over "
        f"{len(labelled)} articles of {Path(args.gold).name}; " + ", ".join(f"{s} {counts[s]}" for s in STANCES) + ")"
    )
    rows = [
        ("lexicon (told the topic)", lexicon_stances),
        ("classifier alone", classifier_stances),
        (f"lexicon's side, else classifier ≥ {args.min_confidence:.2f}", combined),
        ("always neutral", ["neutral"] * len(gold_stances)),
        ("always the most frequent", majority),
    ]
    for name, predicted in rows:
        accuracy, macro = scores(predicted, gold_stances)
        print(f"{name:<40} accuracy {accuracy:.3f}  macro-F1 favor/against {macro:.3f}")
    print(f"the classifier decided {decided / len(gold_stances):.1%} of the statements at {args.min_confidence:.2f}")
    print(f"parse {parse_seconds:.1f} s, training {args.folds} classifiers {train_seconds:.1f} s")


if __name__ == "__main__":
    main()

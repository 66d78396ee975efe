"""Fixtures shared by the claims tests."""

import io
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained on the written articles (a few seconds of spaCy training)."""
    from claims.nlp.learned.corpus import LabelledArticle
    from claims.nlp.learned.training import train_model
    from tests.claims.nlp.learned_corpus import labelled_articles

    articles = [LabelledArticle(a["id"], a["text"], a["published"], a["attributions"]) for a in labelled_articles()]
    out = tmp_path_factory.mktemp("models") / "tiny"
    train_model(
        articles,
        out_dir=out,
        source={"kind": "jsonl", "path": "written"},
        code_version="test",
        log=io.StringIO(),
        config_overrides={"training.max_epochs": 6},
    )
    return out

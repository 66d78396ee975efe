"""A trained model directory: `meta.json` (what it was trained on, counts, scores) and `pipeline/` (the learned
spaCy components). `attach_learned` adds its components to a loaded rules pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

import claims.nlp.learned.components  # noqa: F401  (registers the factories)
import claims.nlp.learned.contents  # noqa: F401
from claims.nlp.learned.errors import ModelDirectoryError
from claims.nlp.learned.stance import STANCE_DIR, STANCE_PIPE

META_FILE = "meta.json"
PIPELINE_DIR = "pipeline"
PROPOSER = "onrecord_cue_spans"
CHOOSER = "onrecord_content_chooser"
SCORER = "onrecord_candidate_scorer"
LEARNED_PIPES = (PROPOSER, CHOOSER, SCORER)
# 2: the content chooser gives the proposed cues their contents (format 1 sent them through the rules' shapes).
FORMAT = 2


def read_meta(model_dir: str | Path) -> dict[str, Any]:
    path = Path(model_dir) / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ModelDirectoryError(f"{model_dir}: not an extractor model ({META_FILE} is missing)") from error
    except (OSError, ValueError) as error:
        raise ModelDirectoryError(f"{path}: unreadable ({error})") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelDirectoryError(f"{path}: not an extractor model meta file of format {FORMAT}")
    return meta


def load_learned(model_dir: str | Path) -> tuple[Language, dict[str, Any]]:
    """The learned pipeline and its meta; ModelDirectoryError for a missing, partial or corrupt directory."""
    meta = read_meta(model_dir)
    pipeline_dir = Path(model_dir) / PIPELINE_DIR
    try:
        learned = spacy.load(pipeline_dir)
    except Exception as error:  # spaCy raises OSError, ValueError, KeyError… for damaged files
        raise ModelDirectoryError(f"{pipeline_dir}: cannot load the learned components ({error})") from error
    missing = [name for name in LEARNED_PIPES if name not in learned.pipe_names]
    if missing:
        raise ModelDirectoryError(f"{pipeline_dir}: components missing: {', '.join(missing)}")
    return learned, meta


def attach_learned(nlp: Language, learned: Language, meta: dict[str, Any]) -> Language:
    """Adds the proposer after the parse, the content chooser after the attribution stage, the scorer last."""
    if SCORER in nlp.pipe_names:
        return nlp
    nlp.add_pipe(PROPOSER, source=learned, before="onrecord_cues")
    nlp.add_pipe(CHOOSER, source=learned, after="onrecord_attributions")
    nlp.add_pipe(SCORER, source=learned, last=True)
    set_thresholds(nlp, **(meta.get("thresholds") or {}))
    return nlp


def attach_stance(nlp: Language, model_dir: str | Path) -> Language:
    """Adds the stance classifier the model directory holds in `stance/`, if any (last, doing nothing to the Docs:
    the enrichment step asks it per claim). ModelDirectoryError when it cannot be loaded."""
    path = Path(model_dir) / STANCE_DIR
    if STANCE_PIPE not in nlp.pipe_names and path.is_dir():
        nlp.add_pipe(STANCE_PIPE, last=True, config={"path": str(path)})
    return nlp


def set_thresholds(
    nlp: Language, *, proposer: float | None = None, chooser: float | None = None, scorer: float | None = None
) -> None:
    """The proposer's threshold is the lowest cue probability it keeps; the chooser's, the lowest cue x content
    probability of a learned attribution; the scorer's, the lowest probability of a rules' candidate."""
    if proposer is not None:
        nlp.get_pipe(PROPOSER).cfg["threshold"] = proposer
    if chooser is not None:
        nlp.get_pipe(CHOOSER).cfg["threshold"] = chooser
    if scorer is not None:
        nlp.get_pipe(SCORER).cfg["threshold"] = scorer

import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The extractor's pipeline, loaded once for the whole test session."""
    from claims.nlp.pipeline import load_nlp

    return load_nlp()

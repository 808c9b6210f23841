"""The OpenSearch engine against a real node (``scripts/opensearch start``; ``make test``
starts one)."""

import pytest

from .cluster import ClusterSuite

pytestmark = pytest.mark.opensearch


class TestOpenSearchEngine(ClusterSuite):
    kind = "opensearch"

    def test_vectors_use_the_lucene_engine_of_the_knn_plugin(self, engine, namespace):
        mapping = engine.client.indices.get_mapping(index=engine.alias(namespace, "en"))
        vector = next(iter(mapping.values()))["mappings"]["properties"]["vector"]
        assert vector["type"] == "knn_vector" and vector["method"]["engine"] == "lucene"

"""The Elasticsearch engine against a real node (``scripts/elasticsearch start``; ``make
test`` starts one)."""

import pytest

from .cluster import ClusterSuite

pytestmark = pytest.mark.elasticsearch


class TestElasticsearchEngine(ClusterSuite):
    kind = "elasticsearch"

    def test_vectors_are_unquantised_cosine_hnsw(self, engine, namespace):
        mapping = engine.client.indices.get_mapping(index=engine.alias(namespace, "en"))
        vector = next(iter(mapping.values()))["mappings"]["properties"]["vector"]
        assert vector["type"] == "dense_vector" and vector["similarity"] == "cosine"
        assert vector["index_options"]["type"] == "hnsw"

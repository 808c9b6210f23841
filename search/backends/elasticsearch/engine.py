"""The Elasticsearch dialect of the cluster engine: the official ``elasticsearch`` client,
a ``dense_vector`` field (HNSW over unquantised floats, cosine) and the ``knn`` query.
Everything else is shared (``search.backends.cluster``).

Only what Elasticsearch's free licence has is used: BM25, k-NN, aliases, collapse. Hybrid
results are fused here (no RRF, no retrievers), and text arrives analysed, so nodes without
the ``analysis-common`` module (like the distribution ``scripts/elasticsearch`` runs) work.
The 8.x client speaks to Elasticsearch 8.15+ and, through its REST compatibility, to 9.x.
"""

from django.core.exceptions import ImproperlyConfigured

from ..cluster import ClusterEngine

try:
    import elastic_transport
    import elasticsearch
    from elasticsearch import helpers
except ImportError:  # pragma: no cover — a dependency of the project
    elasticsearch = elastic_transport = helpers = None

try:
    import orjson
    from elasticsearch.serializer import NdjsonSerializer, OrjsonSerializer
except ImportError:  # pragma: no cover — a dependency too; without it, the client's own JSON
    FAST_SERIALIZERS = {}
else:

    class OrjsonNdjsonSerializer(NdjsonSerializer):
        """Multi-searches and bulk writes in orjson, like the client's ``OrjsonSerializer``
        for single requests."""

        def json_dumps(self, data):
            return orjson.dumps(data, default=self.default, option=orjson.OPT_SERIALIZE_NUMPY)

        def json_loads(self, data):
            return orjson.loads(data)

    #: Requests carry query vectors and answers hundreds of hits: orjson encodes and parses
    #: them several times faster than the standard library.
    FAST_SERIALIZERS = {
        OrjsonSerializer.mimetype: OrjsonSerializer(),
        OrjsonNdjsonSerializer.mimetype: OrjsonNdjsonSerializer(),
    }


class ElasticsearchEngine(ClusterEngine):
    name = "elasticsearch"
    default_url = "http://127.0.0.1:59201"

    if elasticsearch is not None:
        client_errors = (
            elasticsearch.ApiError,
            elastic_transport.TransportError,
            helpers.BulkIndexError,
            elasticsearch.UnsupportedProductError,
        )
        not_found = elasticsearch.NotFoundError
        request_error = elasticsearch.BadRequestError

    def connect(self, timeout):
        if elasticsearch is None:
            raise ImproperlyConfigured(
                "The elasticsearch engine needs the elasticsearch package: pip install -e ."
            )
        credentials = self.credentials
        kwargs = {
            "request_timeout": timeout,
            "max_retries": 0,
            "retry_on_timeout": False,
        }
        if FAST_SERIALIZERS:
            kwargs["serializers"] = FAST_SERIALIZERS
        if credentials["api_key"]:
            kwargs["api_key"] = credentials["api_key"]
        elif credentials["username"]:
            kwargs["basic_auth"] = (credentials["username"], credentials["password"])
        if credentials["ca_certs"]:
            kwargs["ca_certs"] = credentials["ca_certs"]
        try:
            return elasticsearch.Elasticsearch(self.url, **kwargs)
        except ValueError as exc:
            raise ImproperlyConfigured(f"ELASTICSEARCH_URL {self.url!r}: {exc}") from exc

    def status_of(self, exc):
        if isinstance(exc, elasticsearch.ApiError):
            return exc.meta.status
        if isinstance(exc, elastic_transport.SerializationError):
            return 400  # refused here, before sending: not an outage of the cluster
        return None  # no answer: connection refused, timed out

    def bulk(self, actions, refresh, **options):
        helpers.bulk(self.client, actions, refresh=refresh, **options)

    def vector_mapping(self, dimension):
        # Unquantised HNSW: the scores are the exact cosines that search.fusion mixes.
        return {
            "type": "dense_vector",
            "dims": int(dimension),
            "index": True,
            "similarity": "cosine",
            "index_options": {"type": "hnsw"},
        }

    def vector_dimension(self, field_mapping):
        return field_mapping.get("dims")

    def knn_body(self, vector, clauses, size, candidates):
        # A filtered k-NN search scores exactly when the filter leaves no more documents
        # than it looks at (``num_candidates``).
        return {
            "knn": {
                "field": "vector",
                "query_vector": vector,
                "k": size,
                "num_candidates": candidates,
                "filter": {"bool": {"filter": clauses}},
            }
        }

"""The OpenSearch dialect of the cluster engine: the opensearch-py client, the k-NN plugin's
``knn_vector`` field (Lucene HNSW, cosine) and its ``knn`` query. Everything else is shared
(``search.backends.cluster``)."""

from django.core.exceptions import ImproperlyConfigured

from ..cluster import ClusterEngine

try:
    import opensearchpy
    from opensearchpy import helpers
except ImportError:  # pragma: no cover — a dependency of the project
    opensearchpy = helpers = None


class OpenSearchEngine(ClusterEngine):
    name = "opensearch"
    default_url = "http://127.0.0.1:59200"

    if opensearchpy is not None:
        client_errors = (opensearchpy.OpenSearchException,)
        not_found = opensearchpy.NotFoundError
        request_error = opensearchpy.RequestError

    def connect(self, timeout):
        if opensearchpy is None:
            raise ImproperlyConfigured(
                "The opensearch engine needs opensearch-py: pip install -e ."
            )
        kwargs = {
            "hosts": [self.url],
            "timeout": timeout,
            "max_retries": 0,
            "retry_on_timeout": False,
        }
        credentials = self.credentials
        if credentials["api_key"]:
            raise ImproperlyConfigured(
                "OpenSearch has no API keys: set OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD."
            )
        if credentials["username"]:
            kwargs["http_auth"] = (credentials["username"], credentials["password"])
        if credentials["ca_certs"]:
            kwargs.update(ca_certs=credentials["ca_certs"], verify_certs=True)
        return opensearchpy.OpenSearch(**kwargs)

    def status_of(self, exc):
        if isinstance(exc, opensearchpy.ConnectionError):
            return None
        status = getattr(exc, "status_code", None)
        return status if isinstance(status, int) else None

    def bulk(self, actions, refresh, **options):
        helpers.bulk(self.client, actions, refresh=refresh, **options)

    def index_settings(self):
        return {"knn": True}

    def vector_mapping(self, dimension):
        # The Lucene HNSW engine: it ships inside the k-NN plugin on every platform.
        return {
            "type": "knn_vector",
            "dimension": int(dimension),
            "space_type": "cosinesimil",
            "method": {"name": "hnsw", "engine": "lucene"},
        }

    def vector_dimension(self, field_mapping):
        return field_mapping.get("dimension")

    def knn_body(self, vector, clauses, size, candidates):
        # With the Lucene engine a filtered k-NN search scores exactly when the filter leaves
        # no more documents than k.
        return {
            "knn": {
                "vector": {
                    "vector": vector,
                    "k": candidates,
                    "filter": {"bool": {"filter": clauses}},
                }
            }
        }

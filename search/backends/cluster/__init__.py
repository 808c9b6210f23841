"""What the search-cluster engines (OpenSearch, Elasticsearch) share: the index layout, the
writes and rebuilds, the query bodies, the ranking of what the node answers, and the
embedded fallback with its replay of missed writes. A dialect subclasses ``ClusterEngine``
with the client, the vector field and the k-NN query of its cluster."""

from .engine import ClusterEngine, NodeUnavailable

__all__ = ["ClusterEngine", "NodeUnavailable"]

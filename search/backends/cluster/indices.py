"""Index layout and writes of a cluster engine: per-language indices behind aliases, bulk
writes, and rebuilds into new indices that replace the live ones in one alias swap.

Layout: one index per namespace and language (``<prefix>.<namespace>.<language>.v<n>``)
behind the alias ``<prefix>.<namespace>.<language>``. Each article is one ``article``
document (title, category, all its text, the vector of its overview) and one ``passage``
document per passage (heading, text, vector).
"""

import logging
import time

import numpy as np

from ...text import words
from ..base import article_batches
from ..embedded.indexer import embed_articles, group_articles
from .analysis import analysed
from .mappings import article_key, index_body, safe

logger = logging.getLogger(__name__)

#: Documents per bulk request.
BULK_SIZE = 500


def floats(vector):
    return [float(x) for x in np.asarray(vector, dtype=np.float32)]


class ClusterIndices:
    """The indexing half of ``ClusterEngine``."""

    # -- names ----------------------------------------------------------------------------

    def alias(self, namespace, language):
        return f"{self.prefix}.{safe(namespace)}.{safe(language)}"

    def namespace_pattern(self, namespace):
        return f"{self.prefix}.{safe(namespace)}.*"

    def indices(self, pattern):
        found = self.client.indices.get(
            index=pattern, ignore_unavailable=True, allow_no_indices=True
        )
        return sorted(found)

    def alias_indices(self, namespace):
        """{alias: [indices]} of the namespace's aliases."""
        try:
            found = self.search_client.indices.get_alias(index=self.namespace_pattern(namespace))
        except self.not_found:
            return {}
        aliases = {}
        for index, info in found.items():
            for alias in info.get("aliases", {}):
                aliases.setdefault(alias, []).append(index)
        return aliases

    # -- creating and dropping ------------------------------------------------------------

    def create_index(self, index, alias=None, bulk=False):
        dimension = self.embedder.dim if self._dense_available() else None
        body = index_body(self, dimension, shards=self.shards, replicas=self.replicas)
        if bulk:
            body["settings"]["index"]["refresh_interval"] = "-1"
        if alias:
            body["aliases"] = {alias: {}}
        self.client.indices.create(index=index, body=body)
        if dimension:
            self._has_vectors.add(alias or index)

    def ensure_index(self, alias):
        if self.client.indices.exists_alias(name=alias):
            return
        try:
            self.create_index(f"{alias}.v0", alias=alias)
        except self.request_error as exc:  # another process created it first, or lost its alias
            if "already_exists" not in str(exc):
                raise
            if not self.client.indices.exists_alias(name=alias):
                self.client.indices.put_alias(index=f"{alias}.v0", name=alias)

    def ensure_vectors(self, index, alias):
        """Add the vector field to an index made while the model was down."""
        if alias in self._has_vectors or index is None:
            return
        mapping = self.client.indices.get_mapping(index=index)
        fields = next(iter(mapping.values()))["mappings"].get("properties", {})
        if "vector" not in fields:
            self.client.indices.put_mapping(
                index=index, body={"properties": {"vector": self.vector_mapping(self.embedder.dim)}}
            )
        self._has_vectors.add(alias)

    def drop_indices(self, indices, quiet=False):
        for start in range(0, len(indices), 50):
            try:
                self.client.indices.delete(
                    index=",".join(indices[start : start + 50]), ignore_unavailable=True
                )
            except self.node_errors:
                if not quiet:
                    raise
                logger.warning("Could not delete indices %s", indices, exc_info=True)

    # -- rebuilding -----------------------------------------------------------------------

    def rebuild_indices(self, passages, namespace, batch_size, progress):
        """Build new indices beside the live ones, then move the aliases over in one step:
        searches keep answering from the old indices until then."""
        version = time.time_ns()
        created = {}  # alias -> new index
        try:
            for done, batch in article_batches(passages, batch_size):
                articles = group_articles(batch)
                for article in articles:
                    alias = self.alias(namespace, article.language)
                    if alias not in created:
                        created[alias] = f"{alias}.v{version}"
                        self.create_index(created[alias], bulk=True)
                self.write(articles, targets=created, refresh=False)
                if progress:
                    progress(done, len(passages))
            for index in created.values():
                self.client.indices.put_settings(
                    index=index, body={"index": {"refresh_interval": None}}
                )
                self.client.indices.refresh(index=index)
            self._swap_aliases(namespace, created)
        except BaseException:
            self.drop_indices(list(created.values()), quiet=True)
            raise
        if progress and not passages:
            progress(0, 0)

    def _swap_aliases(self, namespace, created):
        """Point every alias of the namespace at its new index (or remove it when its
        language has no articles any more), atomically; then drop the old indices."""
        current = self.alias_indices(namespace)
        everything = set(self.indices(self.namespace_pattern(namespace)))
        actions, previous = [], set()
        for alias, indices in current.items():
            for index in indices:
                actions.append({"remove": {"index": index, "alias": alias}})
                previous.add(index)
        for alias, index in created.items():
            actions.append({"add": {"index": index, "alias": alias}})
        if actions:
            self.client.indices.update_aliases(body={"actions": actions})
        self._has_vectors.difference_update(current)
        # The indices just replaced stay until the next rebuild, so that searches still
        # running on them finish; the generation before them goes now.
        self.drop_indices(sorted(everything - previous - set(created.values())), quiet=True)

    # -- documents ------------------------------------------------------------------------

    def write(self, articles, targets=None, refresh=True):
        """Index the articles' documents; with ``targets`` (alias -> index) into those new
        indices, else into the live ones, replacing each article's old passages."""
        embedder = self.embedder if self._dense_available() else None
        passage_vectors, overview_vectors = embed_articles(articles, embedder)
        embedder_name = embedder.name if passage_vectors is not None else ""
        actions, replaced, position, ready = [], {}, 0, set()
        for number, article in enumerate(articles):
            alias = self.alias(article.namespace, article.language)
            if targets is not None:
                index = targets[alias]
            else:
                index = alias
                if alias not in ready:
                    self.ensure_index(alias)
                    ready.add(alias)
            if passage_vectors is not None:
                self.ensure_vectors(index if targets is None else None, alias)
            first = article.first
            common = {
                "article_key": article_key(article.language, article.parent_id),
                "namespace": article.namespace,
                "language": article.language,
                "parent_id": article.parent_id,
                "kind": str(first.kind or ""),
                "category_id": str(first.category_id or ""),
                "live": bool(first.live),
                "title": first.title,
                "category": first.category,
                "embedder": embedder_name,
            }
            document = {
                **common,
                **analysed(article.language, title=first.title, body=article.body),
                "doc_type": "article",
                "url": first.url,
                "body": article.body,
                "suggest": " ".join(words(first.title)),
            }
            if overview_vectors is not None:
                document["vector"] = floats(overview_vectors[number])
            actions.append({"_index": index, "_id": f"a:{article.parent_id}", "_source": document})
            ids = [f"a:{article.parent_id}"]
            for order, passage in enumerate(article.passages):
                document = {
                    **common,
                    **analysed(article.language, heading=passage.heading, text=passage.text),
                    "doc_type": "passage",
                    "passage_id": str(passage.id),
                    "position": order,
                    "heading": passage.heading,
                    "text": passage.text,
                    "url": passage.url or first.url,
                }
                if passage.heading:
                    document["suggest"] = " ".join(words(passage.heading))
                if passage_vectors is not None:
                    document["vector"] = floats(passage_vectors[position])
                position += 1
                ids.append(f"p:{passage.id}")
                actions.append({"_index": index, "_id": ids[-1], "_source": document})
            replaced.setdefault(index, []).append((article.parent_id, ids))
        for start in range(0, len(actions), BULK_SIZE):
            # Live writes name the alias and must never create an index without our mapping.
            extra = {"require_alias": True} if targets is None else {}
            self.bulk(actions[start : start + BULK_SIZE], refresh=refresh, **extra)
        if targets is None:
            for index, items in replaced.items():
                self._delete_stale_passages(index, items)

    def _delete_stale_passages(self, index, items):
        """Remove passages an article no longer has (after its new ones are in)."""
        should = [
            {
                "bool": {
                    "filter": [{"term": {"parent_id": parent_id}}],
                    "must_not": [{"ids": {"values": ids}}],
                }
            }
            for parent_id, ids in items
        ]
        self._delete_matching(index, {"bool": {"should": should, "minimum_should_match": 1}})

    def delete_articles(self, namespace, parent_ids):
        if parent_ids:
            self._delete_matching(
                self.namespace_pattern(namespace), {"terms": {"parent_id": parent_ids}}
            )

    def _delete_matching(self, index, query):
        """Delete the documents matching ``query``: found by a search, deleted by id in bulk.
        (Not ``_delete_by_query``: it lives in a module some distributions leave out.)"""
        for _round in range(1000):
            hits = self.client.search(
                index=index,
                body={"size": BULK_SIZE, "_source": False, "query": query},
                ignore_unavailable=True,
                allow_no_indices=True,
            )["hits"]["hits"]
            if not hits:
                return
            deletes = [
                {"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]} for hit in hits
            ]
            # Already gone (deleted by another process meanwhile) is as good as deleted.
            self.bulk(deletes, refresh=True, ignore_status=(404,))

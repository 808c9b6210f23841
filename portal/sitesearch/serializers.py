"""Search hits as JSON, the same for every view that returns them (the search API, the
suggestions while typing, the contact form's "Does one of these answer it?")."""


def page_id(parent_id):
    """An engine's parent id as an article's page id, or None when it is not one."""
    value = str(parent_id)
    return int(value) if value.isdigit() else None


def public_id(parent_id):
    """The id the API shows: the page id of an article, else the engine's own."""
    pk = page_id(parent_id)
    return parent_id if pk is None else pk


def article_id(hit):
    """The id of the article a hit belongs to, or None when its parent is not a page id."""
    return page_id(hit.parent_id)


def article_ids(hits):
    return [pk for pk in map(article_id, hits) if pk is not None]


def suggestion_data(item, url):
    """A title to offer: a search-as-you-type suggestion, or the head of a hit."""
    return {
        "title": item.title,
        "url": url,
        "category": item.category,
        "language": item.language,
    }


def hit_data(hit, url):
    """A search hit: the article, the best passage's section and its marked snippet."""
    return {
        "id": public_id(hit.parent_id),
        **suggestion_data(hit, url),
        "kind": hit.kind,
        "section": hit.heading,
        "snippet": str(hit.snippet),
        "score": round(float(hit.score), 4),
    }


def answer_data(answer, url, absolute=lambda url: url):
    """A direct answer: the quoted sentences and where they are (search.answers.Answer),
    and the chat model's cited answer when one was written (search.generative)."""
    if answer is None:
        return None
    generated = None
    if answer.generated is not None:
        generated = {
            "text": answer.generated.text,
            "citations": [
                {
                    "number": c.number,
                    "article_id": public_id(c.parent_id),
                    "title": c.title,
                    "section": c.heading,
                    "url": absolute(c.url),
                    "language": c.language,
                }
                for c in answer.generated.citations
            ],
        }
    pk = public_id(answer.parent_id)
    return {
        "sentences": list(answer.sentences),
        "text": answer.text,
        "article_id": pk,
        "title": answer.title,
        "url": url,
        "section": answer.heading,
        "anchor": answer.anchor,
        "language": answer.language,
        "fallback": answer.fallback,
        "score": answer.score,
        "generated": generated,
    }

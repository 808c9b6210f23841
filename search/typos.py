"""Typo tolerance: misspelt query words are matched to words that occur in the index.

``Vocabulary`` holds the folded words of one pool of passages with their document
frequencies. A word the index does not know is corrected to known words at edit distance 1
(insertion, deletion, substitution or swap of neighbours: "pasword", "retrun") or 2 for long
words, found through a symmetric-delete table; a short word typed so far is completed from
known words that start with it.
"""

import bisect

#: Words shorter than this are never corrected (too many near neighbours).
MIN_CORRECTABLE = 4
#: Words at least this long may be corrected at edit distance 2.
MIN_DISTANCE_TWO = 8


class Vocabulary:
    def __init__(self, document_frequencies):
        self.frequencies = dict(document_frequencies)
        self._sorted = sorted(self.frequencies)
        self._deletes = {}
        for word in self.frequencies:
            if len(word) >= MIN_CORRECTABLE - 1:
                for variant in _deletes(word) | {word}:
                    self._deletes.setdefault(variant, []).append(word)

    def __contains__(self, word):
        return word in self.frequencies

    def __len__(self):
        return len(self.frequencies)

    def corrections(self, word, limit=2):
        """Known words close to an unknown ``word``, most frequent first."""
        if word in self.frequencies or len(word) < MIN_CORRECTABLE or word.isdigit():
            return []
        max_distance = 2 if len(word) >= MIN_DISTANCE_TWO else 1
        candidates = set()
        for variant in _deletes(word) | {word}:
            candidates.update(self._deletes.get(variant, ()))
        close = [c for c in candidates if edit_distance(word, c, max_distance) <= max_distance]
        close.sort(key=lambda c: (edit_distance(word, c, max_distance), -self.frequencies[c], c))
        return close[:limit]

    def completions(self, prefix, limit=3):
        """Known words that start with ``prefix``, most frequent first."""
        if not prefix:
            return []
        start = bisect.bisect_left(self._sorted, prefix)
        found = []
        for word in self._sorted[start : start + 2000]:
            if not word.startswith(prefix):
                break
            if word != prefix:
                found.append(word)
        found.sort(key=lambda w: (-self.frequencies[w], w))
        return found[:limit]


def _deletes(word):
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a, b, limit):
    """Optimal-string-alignment distance (swaps of neighbours count 1), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]

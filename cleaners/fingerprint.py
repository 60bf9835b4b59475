"""A 64-bit simhash of a text, for near-duplicate detection (a story re-published elsewhere).

Features are word pairs; words are hashed with BLAKE2b (stable across processes, unlike
``hash``), and a pair's hash mixes its two word hashes.
The per-bit vote is counted with ``bytes.translate`` and ``bytes.count``, so it stays at C speed
in pure Python.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from hashlib import blake2b

_WORD = re.compile(r"\w+")
#: For each bit of a byte, a translation table mapping a byte to 1 if it has that bit set.
_BIT_TABLES = tuple(bytes(v >> bit & 1 for v in range(256)) for bit in range(8))
_MASK = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15
#: Two fingerprints this close (differing bits) are near-duplicates.
NEAR_DUPLICATE_BITS = 6


@lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    # Words repeat across documents, so most hashes come from the cache.
    return int.from_bytes(blake2b(word.encode(), digest_size=8).digest(), "little")


def simhash(text: str) -> int:
    """Return the 64-bit simhash of a text's word pairs (0 for a text without words).

    >>> a = simhash("Russia accuses the US of providing cover for the militia in Syria today")
    >>> b = simhash("Russia accuses the US of providing cover for the militia in Syria on Tuesday")
    >>> distance(a, b) < distance(a, simhash("Bake the cookies for twelve minutes until golden"))
    True
    """
    hashes = [_word_hash(w) for w in _WORD.findall(text.casefold())]
    if not hashes:
        return 0
    if len(hashes) == 1:
        features = set(hashes)
    else:  # word pairs: an affine mix of the two word hashes, kept to 64 bits
        features = {(a * _MIX ^ b) & _MASK for a, b in zip(hashes, hashes[1:])}
    digests = array("Q", features).tobytes()
    half = len(features) / 2
    value = 0
    for byte in range(8):
        column = digests[byte::8]
        for bit in range(8):  # count the set bits at C speed: map each byte to 0/1, count 1s
            if column.translate(_BIT_TABLES[bit]).count(1) > half:
                value |= 1 << (byte * 8 + bit)
    return value


def distance(a: int, b: int) -> int:
    """Number of differing bits between two fingerprints."""
    return (a ^ b).bit_count()

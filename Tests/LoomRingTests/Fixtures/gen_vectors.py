#!/usr/bin/env python3
"""Reference vectors for LoomRingTests, computed with independent implementations.

    pip install mmh3 uhashring
    python3 Tests/LoomRingTests/Fixtures/gen_vectors.py > Tests/LoomRingTests/Fixtures/vectors.json

Sources of truth:
  * murmur3     -- mmh3.hash(bytes, seed, signed=False) over UTF-8 bytes
  * utf16low    -- the same over the low byte of each UTF-16 code unit (murmurhash-js behaviour)
  * ketama      -- uhashring.HashRing(nodes, hash_fn='ketama'): key hash, per-node point counts
                   and key -> node for ~1000 keys, equal and unequal weights
  * murmurRing  -- Loom's layout re-implemented here on top of mmh3 (points "<id>:<i>",
                   round(150 * capacity) per node, ties by (node id, point index), first point >= hash)
  * jump        -- Lamping & Veach's published algorithm, transcribed
  * rendezvous  -- weighted HRW on mmh3, score -w/ln((h + 0.5) / 2^32)

`--check` reads {"keys": [...]} on stdin and prints the murmur3 / ketama answers for those keys
(used by the live cross-check test).
"""
import bisect
import json
import math
import random
import sys

import mmh3
from uhashring import HashRing

SEEDS = [0, 1, 42, 0x9747B28C, 0xFFFFFFFF]
KETAMA_RINGS = {
    "equal": {"10.0.0.1:11211": 1, "10.0.0.2:11211": 1, "10.0.0.3:11211": 1, "cache-d": 1},
    "unequal": {"alpha": 1, "beta": 2, "gamma": 3, "delta": 5},
    "uneven3": {"n1": 1, "n2": 1, "n3": 7},
}
MURMUR_RING = {"node-a": 1, "node-b": 2, "node-c": 1, "node:d": 3, "node e": 1}
JUMP_BUCKETS = [1, 2, 3, 10, 11, 100, 1000]


def murmur(data, seed=0):
    return mmh3.hash(data, seed, signed=False)


def low_bytes(s):
    units = s.encode("utf-16-le")
    return bytes(units[0::2])


def ketama_ring(weights):
    return HashRing(dict(weights), hash_fn="ketama")


def fixed_keys():
    return ["", "a", "ab", "abc", "abcd", "abcde", "hello", "Hello, World!", "actor-0", "actor-42",
            "é", "café", "日本", "日本語のキー", "🙂", "👩‍💻 emoji", "key:with:colons", "key with spaces",
            " leading", "trailing ", "tab\tkey", "a" * 100, "x" * 1023, "Ω≈ç√∫"]


def random_keys(rng, n):
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_: é日本🙂Ω"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(n)]


def jump(key, buckets):
    b, j = -1, 0
    while j < buckets:
        b = j
        key = (key * 2862933555777941757 + 1) & 0xFFFFFFFFFFFFFFFF
        j = int((b + 1) * (float(1 << 31) / float((key >> 33) + 1)))
    return b


def murmur_ring_owner(nodes, keys):
    points = []
    for nid in sorted(nodes, key=lambda s: s.encode("utf-8")):
        for i in range(int(round(150 * nodes[nid]))):
            points.append((murmur(f"{nid}:{i}".encode("utf-8")), nid.encode("utf-8"), i, nid))
    points.sort()
    hashes = [p[0] for p in points]
    out = {}
    for k in keys:
        pos = bisect.bisect_left(hashes, murmur(k.encode("utf-8")))
        out[k] = points[pos % len(points)][3]
    return out


def rendezvous_owner(nodes, keys):
    seeds = {nid: murmur(nid.encode("utf-8")) for nid in nodes}
    out = {}
    for k in keys:
        best = max(sorted(nodes, key=lambda s: s.encode("utf-8")),
                   key=lambda nid: -nodes[nid] / math.log((murmur(k.encode("utf-8"), seeds[nid]) + 0.5) / 2**32))
        out[k] = best
    return out


def check(payload):
    keys = payload["keys"]
    result = {
        "murmur": {str(s): [murmur(k.encode("utf-8"), s) for k in keys] for s in SEEDS},
        "ketamaHash": [ketama_ring({"x": 1}).hashi(k) for k in keys],
        "ketama": {name: [ketama_ring(w).get_node(k) for k in keys] for name, w in KETAMA_RINGS.items()},
    }
    json.dump(result, sys.stdout)


def main():
    if "--check" in sys.argv:
        return check(json.load(sys.stdin))
    rng = random.Random(20240611)
    keys = fixed_keys() + random_keys(rng, 40)
    murmur_vectors = [{"key": k, "seed": s, "hash": murmur(k.encode("utf-8"), s),
                       "utf16LowByte": murmur(low_bytes(k), s)} for k in keys for s in SEEDS]

    ring_keys = list(dict.fromkeys([f"actor-{i}" for i in range(600)] + random_keys(rng, 450)))[:1000]
    assert len(ring_keys) == 1000
    ketama = []
    for name, weights in KETAMA_RINGS.items():
        ring = ketama_ring(weights)
        points = ring.runtime._keys
        assert len(set(points)) == len(points), f"{name}: point collision, pick other names"
        pset = set(points)
        assert not any(ring.hashi(k) in pset for k in ring_keys), f"{name}: key hash equals a point"
        ketama.append({"name": name, "weights": weights,
                       "points": dict(ring.distribution),
                       "keys": {k: ring.get_node(k) for k in ring_keys}})
    ketama_hashes = {k: ketama_ring({"x": 1}).hashi(k) for k in keys}

    jump_vectors = []
    for i in range(60):
        key = rng.getrandbits(64) if i else 0
        for n in JUMP_BUCKETS:
            jump_vectors.append({"key": str(key), "buckets": n, "bucket": jump(key, n)})

    out = {
        "murmur3": murmur_vectors,
        "ketamaHashes": ketama_hashes,
        "ketamaRings": ketama,
        "murmurRing": {"capacities": MURMUR_RING, "keys": murmur_ring_owner(MURMUR_RING, ring_keys)},
        "rendezvous": {"capacities": MURMUR_RING, "keys": rendezvous_owner(MURMUR_RING, ring_keys[:300])},
        "jump": jump_vectors,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

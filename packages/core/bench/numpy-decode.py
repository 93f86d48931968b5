#!/usr/bin/env python3
"""NumPy's array decode of the real samples, for `pnpm bench:decode` to print beside ours.

Per sample: for every series, base64.b64decode -> zlib.decompress -> numpy.frombuffer with the big-endian
dtype (a view: the fastest NumPy form, no byte swap or copy). Same method as decode.bench.mjs: warm-up,
batch calibrated to >= 20 ms, 25 batches, median per call. Prints one JSON line per sample.
"""

from __future__ import annotations

import base64
import json
import pathlib
import statistics
import sys
import time
import zlib

import numpy as np

KINDS = {"float": "f", "signed": "i", "unsigned": "u"}
BATCHES = 25
MIN_BATCH_S = 0.020


def decoder(body: dict):
    series = [
        (v["value"], np.dtype(f">{KINDS[v['type'].lower()]}{int(v['bits']) // 8}"))
        for v in body.get("variables", [])
        if "type" in v or "bits" in v
    ]

    def decode():
        return [np.frombuffer(zlib.decompress(base64.b64decode(value)), dtype=dtype) for value, dtype in series]

    return decode


def per_call_us(fn) -> float:
    for _ in range(5):
        fn()
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start >= MIN_BATCH_S:
            break
        n *= 2
    times = []
    for _ in range(BATCHES):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - start) / n * 1e6)
    return statistics.median(times)


def main() -> None:
    samples = pathlib.Path(sys.argv[1])
    for path in sorted(samples.glob("*.json")):
        decode = decoder(json.loads(path.read_text()))
        print(json.dumps({"case": path.stem, "numpyMedianUs": round(per_call_us(decode), 1)}))


if __name__ == "__main__":
    main()

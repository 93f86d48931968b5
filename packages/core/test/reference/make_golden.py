#!/usr/bin/env python3
"""Golden data for the decoder tests, made with the official reference algorithm.

For every time series: base64 -> zlib.decompress -> numpy.frombuffer with the big-endian dtype
('>f8', '>f4', '>u1', '>u2', '>i2', ...) -> .tolist(), as in Firstbeat's timeseries_decode sample code.
The decoded values are then re-serialised as little-endian bytes of the same dtype ('<f8', ...) and hashed
with SHA-256, so the TypeScript test can hash its typed array's bytes on a little-endian host and compare.

Usage (from the repository root):
    python3 packages/core/test/reference/make_golden.py [SAMPLES_DIR] > packages/core/test/reference/golden.json
SAMPLES_DIR defaults to reference-data/real-samples at the repository root.
"""

from __future__ import annotations

import base64
import hashlib
import json
import pathlib
import sys
import zlib

import numpy as np

KINDS = {"float": "f", "signed": "i", "unsigned": "u"}


def dtype_of(vartype: str, bits: int) -> np.dtype:
    kind = KINDS[vartype.lower()]
    if bits not in (8, 16, 32, 64) or (kind == "f" and bits < 32):
        raise ValueError(f"unsupported {vartype}/{bits}")
    return np.dtype(f">{kind}{bits // 8}")


def decode_series(variable: dict) -> dict:
    dtype = dtype_of(variable["type"], int(variable["bits"]))
    raw = zlib.decompress(base64.b64decode(variable["value"]))
    if len(raw) % dtype.itemsize:
        raise ValueError(f"{variable['name']}: {len(raw)} bytes is not a multiple of {dtype.itemsize}")
    values = np.frombuffer(raw, dtype=dtype).tolist()
    little = np.array(values, dtype=dtype.newbyteorder("<")).tobytes()
    entry = {
        "name": variable["name"],
        "kind": "series",
        "type": variable["type"],
        "bits": int(variable["bits"]),
        "dtype": dtype.str,
        "length": len(values),
        "sha256": hashlib.sha256(little).hexdigest(),
        "first": values[:5],
        "sum": sum(values),
    }
    for key in ("unit", "samplingRate"):
        if key in variable:
            entry[key] = variable[key]
    return entry


def decode_scalar(variable: dict) -> dict:
    entry = {"name": variable["name"], "kind": "scalar", "value": variable["value"]}
    if "unit" in variable:
        entry["unit"] = variable["unit"]
    return entry


def main() -> None:
    here = pathlib.Path(__file__).resolve().parent
    default = here.parents[3] / "reference-data" / "real-samples"
    samples = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
    out = {
        "generator": "packages/core/test/reference/make_golden.py",
        "algorithm": "base64 -> zlib.decompress -> numpy big-endian dtype -> tolist; sha256 of '<' bytes",
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "samples": {},
    }
    for path in sorted(samples.glob("*.json")):
        raw = path.read_bytes()
        payload = json.loads(raw)
        out["samples"][path.name] = {
            "fileSha256": hashlib.sha256(raw).hexdigest(),
            "fields": {k: v for k, v in payload.items() if k != "variables"},
            "variables": [
                decode_series(v) if "type" in v or "bits" in v else decode_scalar(v)
                for v in payload.get("variables", [])
            ],
        }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

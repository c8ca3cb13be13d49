"""Rebuild classifier/data/minilm/ from a copy of all-MiniLM-L6-v2:
`python -m classifier.word_vectors_build MODEL_DIR` (the folder with model.safetensors and vocab.txt).

Only the word-piece input embeddings are kept, as int8 with one float32 scale per row: a quarter of
the float32 size, and the same heldout figures as float16 (classifier/data/SOURCE.md). The
safetensors header is read directly (8-byte length, JSON, raw little-endian data) so this needs
neither torch nor the safetensors package.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

from classifier.word_vectors import VECTORS_PATH
from classifier.wordpieces import VOCAB_PATH

TENSOR = "embeddings.word_embeddings.weight"
_MAX_HEADER = 100_000_000


def read_tensor(path: Path, name: str) -> np.ndarray:
    with path.open("rb") as fh:
        head = fh.read(8)
        if len(head) < 8:
            raise ValueError(f"{path}: too short to be a safetensors file")
        (n,) = struct.unpack("<Q", head)
        if n > _MAX_HEADER:
            raise ValueError(f"{path}: safetensors header of {n} bytes is not plausible")
        header = json.loads(fh.read(n))
        if name not in header:
            raise ValueError(f"{path}: no tensor {name!r}")
        spec = header[name]
        if spec["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {spec['dtype']}, expected F32")
        start, end = spec["data_offsets"]
        fh.seek(8 + n + start)
        data = np.frombuffer(fh.read(end - start), dtype="<f4")
    if data.size != int(np.prod(spec["shape"])):
        raise ValueError(f"{path}: {name} is cut short ({data.size} of {int(np.prod(spec['shape']))} values)")
    return data.reshape(spec["shape"])


def quantise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.round(table / scale[:, None]).astype(np.int8)
    return q, scale.astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir", type=Path)
    args = ap.parse_args(argv)
    try:
        table = read_tensor(args.model_dir / "model.safetensors", TENSOR)
        vocab = (args.model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError) as exc:  # a missing, truncated or foreign file: one line, nothing written
        print(f"cannot read the model in {args.model_dir}: {exc}", file=sys.stderr)
        return 2
    if len(vocab) != table.shape[0]:
        print(f"vocab.txt has {len(vocab)} pieces, the table {table.shape[0]} rows", file=sys.stderr)
        return 2
    q, scale = quantise(table)
    VECTORS_PATH.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(VECTORS_PATH, q=q, scale=scale)
    shutil.copyfile(args.model_dir / "vocab.txt", VOCAB_PATH)
    print(f"{VECTORS_PATH}: {q.shape[0]} pieces x {q.shape[1]} dims ({VECTORS_PATH.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

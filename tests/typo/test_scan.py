"""The compiled scan (``_scan.pyx``, ``text/_route.pyx``) and its pure-Python twin (``scan.py``,
``segment._route``) give the same answers on real corpus sentences, and the detector proposes the same
candidates with either. ``scripts/setup.sh`` builds the extensions (``pip install -e .``); in a source
tree where they are missing or stale, the first test here builds them (``python setup.py build_ext
--inplace``, Cython from the dev extras).
"""

from __future__ import annotations

import subprocess
import sys
from math import log
from pathlib import Path

import pytest

from gov_docs.text import segment
from gov_docs.typo import detector, scan
from gov_docs.typo.detector import FastDetector

ROOT = Path(__file__).resolve().parent.parent.parent
NAMES = ("gov_docs.typo._scan", "gov_docs.text._route")


@pytest.fixture(scope="module", autouse=True)
def built() -> None:
    """Build the extensions in place when this tree has none or a stale one (a worktree never set up)."""
    from gov_docs import compiled

    if all(compiled.current(name) for name in NAMES):
        return
    if any(name in sys.modules for name in NAMES):
        pytest.fail("a stale build of the compiled scan is loaded: run python setup.py build_ext --inplace")
    done = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and all(compiled.current(name) for name in NAMES), done.stderr[-3000:]


def _compiled():
    from gov_docs.text import _route
    from gov_docs.typo import _scan

    return _scan, _route


def _sentences(corpus_dir: Path, step: int = 20) -> list[str]:
    out = []
    for path in sorted(corpus_dir.glob("g*.txt"))[::step]:
        for line in path.read_text(encoding="utf-8").splitlines():
            out.extend(s for s in line.strip().split("。") if s)
    return out


def test_the_extensions_are_built_and_used() -> None:
    """A process started after the build runs the compiled scan (one without it still works, on scan.py:
    the other tests here run both)."""
    code = ("from gov_docs.typo import detector; from gov_docs.text import segment; "
            "print(detector.COMPILED, detector.scan.__module__, segment.cut.__module__)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.stdout.split() == ["True", "gov_docs.typo._scan", "gov_docs.text._route"], done.stderr


@pytest.fixture(scope="module")
def whole() -> FastDetector:
    """A detector whose counts are all loaded: the compiled lookups' filter is in use."""
    found = FastDetector()
    found.res.complete()
    segment.whole_dictionary()
    return found


def _use(monkeypatch: pytest.MonkeyPatch, compiled: bool) -> None:
    _scan, _route = _compiled()
    module = _scan if compiled else scan
    for name in ("scan", "suspects", "reach_and_office"):
        monkeypatch.setattr(detector, name, getattr(module, name))
    monkeypatch.setattr(detector, "_piece_logp", module.piece_logp)
    monkeypatch.setattr(segment, "route", _route.route if compiled else segment._route)
    monkeypatch.setattr(segment, "cut", _route.cut if compiled else segment._cut)


def test_route_is_the_same_compiled(whole: FastDetector, corpus_dir: Path) -> None:
    """jieba's route through each Han block: the same words, filter built or not."""
    _, _route = _compiled()
    jieba = segment.segmenter()
    freq, logtotal = jieba.dt.FREQ, log(jieba.dt.total)
    blocks = [b for s in _sentences(corpus_dir, 10) for b in jieba.re_han_default.split(s)
              if b and jieba.re_han_default.match(b)]
    assert len(blocks) > 2000
    for _ in range(2):  # the second time with the filter (built after its first few hundred calls)
        for blk in blocks:
            assert _route.route(blk, freq, logtotal) == segment._route(blk, freq, logtotal), blk
    assert _route.route("", freq, logtotal) == []


def test_tokens_are_the_same_compiled(whole: FastDetector, corpus_dir: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole sentences: the same tokens (single letters and digits merged as jieba does) as jieba's own."""
    _, _route = _compiled()
    jieba = segment.segmenter()
    sentences = _sentences(corpus_dir, 10) + ["ABC 2024年GDP增长5.2%，a1b2 x y",
                                              "Windows10系统与iPhone 15的第3条"]
    found = {}
    for compiled in (False, True):
        monkeypatch.setattr(segment, "cut", _route.cut if compiled else segment._cut)
        found[compiled] = [segment._tokenize(jieba, s) for s in sentences]
    assert found[True] == found[False]
    assert found[True][-2] == list(jieba.tokenize(sentences[-2], HMM=False))
    assert segment.ENGLISH.pattern == jieba.re_eng.pattern


def test_scan_is_the_same_compiled(whole: FastDetector, corpus_dir: Path) -> None:
    """For every sentence and two thresholds: the same suspects, reach and office words, the same positions
    left to rank with the same candidates, and the same memo of settled contexts afterwards."""
    _scan, _ = _compiled()
    res = whole.res
    python, compiled = FastDetector(res), FastDetector(res)
    positions = 0
    for text in _sentences(corpus_dir):
        assert _scan.suspects(text, res.freq, 1000) == scan.suspects(text, res.freq, 1000)
        assert _scan.reach_and_office(text, res.freq, res.vocab) == scan.reach_and_office(text, res.freq,
                                                                                          res.vocab)
        for min_score in (1.0, 8.0):
            found = _scan.scan(compiled, text, min_score, None)
            assert found == scan.scan(python, text, min_score, None), text
            positions += len(found[0])
        for piece in (text[:3], text[-4:]):
            assert _scan.piece_logp(piece, res, {}) == scan.piece_logp(piece, res, {})
    assert compiled._dead == python._dead and len(compiled._dead) > 1000
    assert positions > 50


def test_candidates_are_the_same_compiled(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The detector end to end on freshly loaded counts (filled as the sentences need them, as in the
    first check of a document): the same candidates and scores with either scan."""
    from gov_docs.typo.resources import load_resources

    sentences = _sentences(corpus_dir, 15)
    found = {}
    for compiled in (True, False):
        _use(monkeypatch, compiled)
        segment._memo.items.clear()
        load_resources.cache_clear()
        fresh = FastDetector(load_resources())
        assert fresh.res.lazy is not None and not fresh.res.lazy.complete
        found[compiled] = [fresh._candidates(t, (), 1, s, False, None) for s in (1.0, 8.0) for t in sentences]
    load_resources.cache_clear()
    assert found[True] == found[False]
    assert sum(map(len, found[True])) > 30


def test_a_stale_build_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An extension built from other sources than the tree's (a .pyx or .pxd edited since setup) is not
    imported: the Python twin runs instead of old compiled code."""
    from gov_docs import compiled

    _compiled()  # built
    for path in [*compiled.PACKAGE.glob("*/*.pyx"), *compiled.PACKAGE.glob("*/*.pxd")]:
        copy = tmp_path / path.relative_to(compiled.PACKAGE)
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(path.read_bytes())
    monkeypatch.setattr(compiled, "PACKAGE", tmp_path)
    assert compiled.current("gov_docs.typo._scan") is not None
    assert compiled.current("gov_docs.text._route") is not None
    pxd = tmp_path / "text" / "_route.pxd"
    pxd.write_text(pxd.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert compiled.current("gov_docs.typo._scan") is None  # it uses the .pxd too
    assert compiled.current("gov_docs.text._route") is None
    assert compiled.current("gov_docs.typo.no_such_module") is None

"""Build the compiled parts of gov-docs: the typo fast path's scan (``gov_docs/typo/_scan.pyx``) and jieba's
route through a block of Han characters (``gov_docs/text/_route.pyx``).

Everything else about the package is in ``pyproject.toml``. ``pip install -e .`` (``scripts/setup.sh``)
builds the extension next to its source; when Cython or a C compiler is missing the package installs
without it and ``gov_docs/typo/scan.py``, the same code in Python, is used instead (slower, same answers).
For a source tree: ``python setup.py build_ext --inplace``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCES = {
    "gov_docs.typo._scan": ["gov_docs/typo/_scan.pyx"],
    "gov_docs.text._route": ["gov_docs/text/_route.pyx"],
}


class OptionalBuildExt(build_ext):
    """Build the extensions, or warn and go on without them (the pure-Python scan is used then)."""

    def build_extension(self, ext: Extension) -> None:  # noqa: D102
        if self.compiler.compiler_type == "unix":
            # no fused multiply-add: the scan's bounds must be the same doubles as the Python version's
            ext.extra_compile_args = [*ext.extra_compile_args, "-ffp-contract=off"]
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001 - no compiler, missing headers: the Python scan serves
            print(f"warning: {ext.name} not built ({exc}); gov_docs uses its pure-Python scan",
                  file=sys.stderr)


def extensions() -> list[Extension]:
    """Return the Cython extensions (none when Cython is not installed)."""
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("warning: Cython not installed; gov_docs uses its pure-Python scan", file=sys.stderr)
        return []
    # each module records the sources it was built from (gov_docs.compiled.current): a stale one is unused
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gov_docs.compiled import PACKAGE, digest  # the package's __init__ imports nothing

    return cythonize([Extension(name, files) for name, files in SOURCES.items()],
                     compiler_directives={"language_level": 3}, force=True, quiet=True,
                     compile_time_env={"SOURCE_SHA256_": digest(PACKAGE)})


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})

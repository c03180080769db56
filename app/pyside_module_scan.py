"""PySide's look at every module imported after it, answered from the file's bytes.

For `from __feature__ import snake_case` to apply per module, PySide (6.11) records,
for every module imported once it is loaded, whether its source mentions "PySide6",
and reads that source with `inspect.getsource`: found, tokenized for its encoding and
kept in `linecache`, for each of the ~140 modules the panel imports before its first
frame (~10 ms of it, measured). The same question asked of the file's bytes gives the
same answer for a fraction of that. A module without a readable .py file is left to
PySide's own check; a PySide without this check is left as it is.
"""

from __future__ import annotations

import sys
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"  # loaded with shiboken6


def install() -> bool:
    """Answer PySide's check from the bytes of each module's file; True if installed."""
    import shiboken6  # noqa: F401  (loads the feature module: the check must be in place
    # before the panel's modules are imported)

    feature = sys.modules.get(FEATURE_MODULE)
    own_check = getattr(feature, "_mod_uses_pyside", None)
    if own_check is None:
        return False
    if getattr(own_check, "reads_bytes", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return own_check(module)

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True

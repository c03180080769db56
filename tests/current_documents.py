"""The terms and privacy policy versions the server ships as current, read from
resources/documents/ the way the server chooses them (the newest file is current).

Tests that register or accept "the current versions" take them from here, so publishing
a new version does not mean editing every test; a test about an OLD version keeps its
own literal date.
"""

from __future__ import annotations

from server.config import RESOURCES_DIR
from server.documents import DocumentStore

DOCUMENTS = DocumentStore(RESOURCES_DIR / "documents")


def _current() -> tuple[str, str]:
    terms, privacy = DOCUMENTS.current_versions()
    assert terms is not None and privacy is not None, "resources/documents/ has no current pair"
    return terms, privacy


TERMS, PRIVACY = _current()

"""Just enough of an HTML reader for the AiSEG2's screens (stdlib only: no lxml on panels).

It records, for every element with an ``id`` or a ``class``, the text inside it (a
``<br />`` inside is a display line break, not a space), and the bodies of inline
scripts. The AiSEG2's pages are small, so one pass over the whole page is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "area", "base", "col",
                   "embed", "source", "track", "wbr", "param"})


@dataclass
class Element:
    tag: str
    id: str | None
    classes: tuple[str, ...]
    parent: Element | None
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()


class PageText(HTMLParser):
    """The elements of one page by id and by class, with their text, and its scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, Element] = {}
        self.by_class: dict[str, list[Element]] = {}
        self.scripts: list[str] = []
        self.title = ""
        self._open: list[Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        named = dict(attrs)
        parent = self._open[-1] if self._open else None
        element = Element(tag, named.get("id"), tuple((named.get("class") or "").split()),
                          parent)
        self._open.append(element)
        if element.id:
            self.by_id.setdefault(element.id, element)
        for name in element.classes:
            self.by_class.setdefault(name, []).append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br />, <img />: nothing to hold text

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching tag (a page may leave some open).
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self._open:
            return
        top = self._open[-1]
        if top.tag == "script":
            self.scripts.append(data)
            return
        if top.tag == "title":
            self.title += data
        for element in self._open:  # an element's text includes its children's
            element.parts.append(data)

    def within(self, element: Element, class_name: str) -> Element | None:
        """The first element of ``class_name`` inside ``element``."""
        for candidate in self.by_class.get(class_name, []):
            node = candidate.parent
            while node is not None:
                if node is element:
                    return candidate
                node = node.parent
        return None

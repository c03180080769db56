"""The pages of the panel, one module each; both shells show the same ones.

`registry` lists them (id, place, icon, title); a page's module loads when the
page is first shown.
"""

from app.ui.pages.base_page import Page
from app.ui.pages.registry import SECTION_PAGES, SUB_PAGES, PageRef, page_ref

__all__ = ["SECTION_PAGES", "SUB_PAGES", "Page", "PageRef", "page_ref"]

"""The words of the page's scripts, in the reader's language.

``adr-table.js`` and ``adr-graph.js`` hold no English: a page that links one
of them gets a small inline script first, ``window.adrWords = {...}``, with
every label, tooltip and message they show, translated by the build (the
catalog is the extension's, so a language is added in one place). ``{name}``
in a message is filled in by the script (``t("counter", {matched: 3, ...})``);
``statuses`` maps each raw status to its name for the filter chips.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..core.locale import N_, translate

if TYPE_CHECKING:
    from collections.abc import Iterable

#: key used by the scripts -> English message (the msgid)
SCRIPT_WORDS: dict[str, str] = {
    # adr-table.js: the toolbar over a listing
    "filter": N_("Filter"),
    "filterRows": N_("Filter the rows of this table"),
    "filterTimeline": N_("Filter the decisions of this timeline"),
    "filterByStatus": N_("Filter by status"),
    "filterByTag": N_("Filter by tag"),
    # Translators: the toggle of a listing's tag chips; {count} is how many tags
    "tags": N_("Tags ({count})"),
    "columns": N_("Columns"),
    "columnsShown": N_("Columns shown"),
    "csv": N_("CSV"),
    "csvTitle": N_("Download the matching rows as CSV"),
    "sortBy": N_("Sort by this column"),
    # Translators: the filter's count of matching rows: "3 of 40"
    "counter": N_("{matched} of {total}"),
    "noDecision": N_("No decision matches the filter."),
    "noRow": N_("No row matches the filter."),
    # the pager of a long table
    "pages": N_("Pages of this table"),
    "first": N_("First"),
    "previous": N_("Previous"),
    "next": N_("Next"),
    "last": N_("Last"),
    "firstPage": N_("First page"),
    "previousPage": N_("Previous page"),
    "nextPage": N_("Next page"),
    "lastPage": N_("Last page"),
    "rowsPerPage": N_("Rows per page"),
    # Translators: a page size choice: show every row
    "all": N_("all"),
    "noRows": N_("No rows"),
    "pageStatus": N_("Page {page} of {pages}, rows {first}\u2013{last} of {matched}"),
    # adr-graph.js: the toolbar over a drawing
    "zoomOut": N_("Zoom out"),
    "zoomIn": N_("Zoom in"),
    # Translators: a short button label: zoom the drawing to fit its box
    "fit": N_("Fit"),
    "fitTitle": N_("Fit the drawing in the box"),
    "naturalSize": N_("Natural size"),
}


def words_script(statuses: Iterable[str]) -> str:
    """The body of the inline script that hands the words to the page's scripts."""
    words: dict[str, object] = {key: translate(msg) for key, msg in SCRIPT_WORDS.items()}
    words["statuses"] = {status: translate(status) for status in statuses}
    text = json.dumps(words, ensure_ascii=False, sort_keys=True)
    # inside <script>: no "</" may end it early, whatever a translation holds
    return "window.adrWords = " + text.replace("</", "<\\/") + ";"

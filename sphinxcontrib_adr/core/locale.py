"""The reader's language: every word the extension writes goes through ``_``.

The extension's messages live in their own gettext domain
(``sphinxcontrib-adr``), shipped as compiled catalogs in
``sphinxcontrib_adr/locale/<language>/LC_MESSAGES/`` and registered with
``app.add_message_catalog``, the way Sphinx extensions translate their
interface (docs/decisions/0026). The project's ``language`` picks the catalog.

Two markers, both found by the extractor (``tools/catalogs.py``):

- ``_("Deciders")`` translates now. Call it at render time only: called
  before an app registered the catalog it returns Sphinx's lazy proxy, and a
  string translated while one build ran would keep that build's language.
- ``N_("Deciders")`` marks a word kept in a module-level table; it returns
  the English text unchanged (a plain ``str``: keys, CSS classes and pickled
  records stay English) and whoever shows it calls ``_`` on it.

A class attribute Sphinx reads and pickles itself (an index's name) is a plain
string set at ``config-inited``, in the language of that build.

Raw values (a status, a verdict, a column name) are never translated where
they are data: filters, CSS classes, JSON and the CLI keep them as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the gettext domain: the name of the ``.pot``, ``.po`` and ``.mo`` files
MESSAGE_CATALOG = "sphinxcontrib-adr"
#: where the compiled catalogs are shipped
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_ = get_translation(MESSAGE_CATALOG)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog; translate it with ``_`` where it is shown."""
    return message


def translate(message: str) -> str:
    """``_`` of a message held in a table (``N_``) or coming from a setting.

    A word the catalog does not know (a project's own status or link kind)
    comes back as written.
    """
    return str(_(message)) if message else message


def register(app: Sphinx) -> None:
    """Register the catalogs, so ``_`` answers in the project's ``language``."""
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))


#: the words of the default settings, shown through :func:`translate` (a project's
#: own statuses, verdicts, scales and relation kinds are shown as written unless a
#: catalog knows them)
DEFAULT_WORDS = (
    # statuses (adr_statuses)
    N_("proposed"),
    N_("accepted"),
    N_("rejected"),
    N_("deprecated"),
    N_("superseded"),
    # verdicts of an alternative (adr_verdicts)
    N_("chosen"),
    N_("deferred"),
    N_("considered"),
    # rating scales (adr_scales): impact, likelihood and criteria
    N_("low"),
    N_("medium"),
    N_("high"),
    N_("poor"),
    N_("fair"),
    N_("good"),
    N_("excellent"),
    # relation labels, both ways (adr_link_kinds, through LinkKind.label)
    N_("Supersedes"),
    N_("Superseded by"),
    N_("Amends"),
    N_("Amended by"),
    N_("Depends on"),
    N_("Required by"),
    N_("Relates"),
    # relation kinds as the graph's legend and edges name them
    N_("supersedes"),
    N_("superseded-by"),
    N_("amends"),
    N_("amended-by"),
    N_("depends-on"),
    N_("required-by"),
    N_("relates"),
    # risk statuses (adr_risk_statuses) and metric statuses (adr_metric_statuses)
    N_("open"),
    N_("mitigated"),
    N_("closed"),
    N_("met"),
    N_("partially met"),
    N_("not met"),
    N_("pending"),
    # consequence kinds (adr_consequence_kinds) as badges
    N_("positive"),
    N_("negative"),
    N_("neutral"),
    # the columns features add to listings (their heads through LinkKind.label) and
    # the words they hold
    N_("Next review"),
    N_("Health"),
    N_("Tests"),
    N_("Confirmation"),
    N_("Accepted on"),
    N_("First committed"),
    N_("Last changed"),
    N_("Age"),
    N_("ok"),
    # the default of adr_empty_text: what an empty listing says
    N_("No decisions match."),
)

"""``python -m sphinxcontrib_adr``: the ``sphinx-adr`` command line."""

from __future__ import annotations

from .cli.commands import main

raise SystemExit(main())

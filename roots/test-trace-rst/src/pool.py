"""Connection pool."""
# Implements: ADR-0001

POOL_DOC = "ADR-0006 in a string is not a marker"


def size() -> int:
    return 10  # tuned per ADR-0001 and ADR-0007

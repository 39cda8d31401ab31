# Implements: ADR-0001
POOL = "ADR-0002"  # ADR-0002

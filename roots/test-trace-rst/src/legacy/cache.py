# Legacy in-process cache.
# Follows ADR-0003 until the Redis migration lands.
CACHE: dict[str, bytes] = {}

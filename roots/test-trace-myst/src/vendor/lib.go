// ADR-0097 vendored

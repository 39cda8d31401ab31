# ADR-0099 generated

package server

// Pools follow ADR-0001.
/*
 * Cache sizing: ADR-0007
 */
func Size() int { return 10 }

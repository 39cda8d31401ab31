package server

// Worker pools kept warm (ADR-0007).

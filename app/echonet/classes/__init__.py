"""Declarative per-class ECHONET property tables (one module per class)."""

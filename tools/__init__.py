"""Maintainers' tools: notebook generation, execution and benchmarks (not used by notebooks)."""

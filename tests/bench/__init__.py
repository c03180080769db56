"""Benchmarks (`make bench`): each reports figures against a target and, where one is
measured in the same run, a baseline. Never run by pytest."""

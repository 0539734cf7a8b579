"""Benchmarks, each measured against its baseline in the same run; `python -m bench NAME` runs one."""

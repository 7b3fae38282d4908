"""Benchmarks: speed and cost figures reported as ratios against a baseline run in the same process."""

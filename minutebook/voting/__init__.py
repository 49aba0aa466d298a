"""Minutebook's vote-counting core.

Pure Python (and NumPy): nothing here imports Django, so the counter can be used, tested and
benchmarked on its own.
"""

"""Survey analysis: distributions, spread, multi-response bases (analysis.py), and the
small-group suppression every shown number passes through (suppression.py)."""

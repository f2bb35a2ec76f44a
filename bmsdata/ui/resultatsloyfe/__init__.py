"""resultatsloyfe.ipynb: the result loop page (view.py), its forms, rendering, result charts
and texts."""

"""undersokelser.ipynb: the survey page (page.py), its charts and texts."""

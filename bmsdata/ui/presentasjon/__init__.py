"""presentasjon.ipynb: the meeting deck builder (page.py), its rendering and texts."""

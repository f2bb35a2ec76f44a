"""lysbilder.ipynb: the saved meeting deck as reveal slides (slides.py)."""

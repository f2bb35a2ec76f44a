"""bmsdata: balansert målstyring and the political result loop for Norwegian municipalities."""

__version__ = "0.1.0"

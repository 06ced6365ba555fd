"""Task tracker for Vietnam's provincial reform plans."""

__version__ = "0.1.0"

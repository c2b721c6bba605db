"""followup: a local, private assistant for following up after job interviews."""

__version__ = "0.1.0"

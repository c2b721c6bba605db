"""Site-independent layers: each reads one kind of markup from a parsed Page and returns candidates or values."""

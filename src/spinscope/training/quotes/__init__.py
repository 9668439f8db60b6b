"""Training and evaluation helpers for the quotes layer (PolNeAR); not needed at run time."""

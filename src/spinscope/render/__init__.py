"""Renderers: an `Analysis` in, a report out (terminal, plain text, JSON). They never analyse."""

"""Renderers: an `Analysis` in, a report out (terminal, plain text, JSON, HTML). They never analyse."""

"""Extractors: each finds one kind of fact in a normalised document."""

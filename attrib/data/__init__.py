"""Corpus converters and gold-data loading."""

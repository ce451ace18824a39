"""Samskap: systematic public health work as co-creation."""

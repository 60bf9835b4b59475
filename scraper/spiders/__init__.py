"""Spiders of the boilerstrip crawler."""

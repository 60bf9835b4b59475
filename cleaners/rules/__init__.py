"""Cleaning rules: small named objects with a category, grouped by where they run."""

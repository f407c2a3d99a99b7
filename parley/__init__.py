"""Parley: high-level diplomatic meetings from news articles, as a validated data package."""

__version__ = "0.1.0"

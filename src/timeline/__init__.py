"""timeline: documents in, a trustworthy timeline of dated events out."""

__version__ = "0.1.0"

"""timeline: documents in, a trustworthy timeline of dated events out."""

__version__ = "0.1.0"

from timeline import _checkout

_checkout.install()  # `timeline.dashboard` from a source checkout too

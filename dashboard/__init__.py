"""Interactive timeline linked to the source text."""

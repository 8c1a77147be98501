"""Hand edits to the events file: validation, merge, safe writes."""

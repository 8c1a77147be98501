"""Time-expression recognition and normalisation (TIMEX3)."""

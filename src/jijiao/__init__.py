"""继教 — continuing medical education for a region."""

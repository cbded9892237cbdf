"""Shared text helpers (no Qt): line breaking with 避头尾 and title splitting for the writer and the layout."""

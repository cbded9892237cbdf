"""gov-docs: offline drafting and compliance checking of Chinese official documents (公文)."""

__version__ = "0.1.0"

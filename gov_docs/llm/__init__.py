"""Local LLM drafting: backends, prompts per document type, grounding, cleaning."""

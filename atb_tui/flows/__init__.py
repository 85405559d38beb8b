"""Application use-cases over the client (no Textual): screens and headless commands call them."""

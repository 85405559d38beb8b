"""Config directory, profiles, tokens, settings, recent places and drafts. No Textual."""

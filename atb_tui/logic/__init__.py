"""Pure logic shared by screens: parsing, policies, statistics. No Textual."""

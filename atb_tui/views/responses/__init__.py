"""The response viewer's view models: a columnar store of responses and what each view shows.

No Textual here: the screen hands these models to the windowed table, the export writers and
the headless commands use them as they are.
"""

"""A faithful local Prolific API with simulated participants. Knows nothing of Textual or api/."""

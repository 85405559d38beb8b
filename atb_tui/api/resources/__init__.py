"""One class per group of endpoints; the client exposes an instance of each."""

from atb_tui.api.resources.accounts import Projects, Users, Workspaces
from atb_tui.api.resources.batches import Batches
from atb_tui.api.resources.collections import Collections
from atb_tui.api.resources.datasets import Datasets
from atb_tui.api.resources.instructions import Instructions
from atb_tui.api.resources.studies import Studies
from atb_tui.api.resources.submissions import Submissions

__all__ = [
    "Batches",
    "Collections",
    "Datasets",
    "Instructions",
    "Projects",
    "Studies",
    "Submissions",
    "Users",
    "Workspaces",
]

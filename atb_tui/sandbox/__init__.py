"""A faithful local Prolific API with simulated participants. Knows nothing of Textual or api/.

Use :class:`Sandbox` in process (``sb.transport()`` for httpx) or ``atb-tui sandbox serve``
over loopback (:mod:`atb_tui.sandbox.serve`).
"""

from atb_tui.sandbox.clock import Clock, ManualClock, RealClock
from atb_tui.sandbox.faults import FaultPlan, FaultRule, FaultSpecError
from atb_tui.sandbox.sandbox import Sandbox, SandboxError

__all__ = [
    "Clock",
    "FaultPlan",
    "FaultRule",
    "FaultSpecError",
    "ManualClock",
    "RealClock",
    "Sandbox",
    "SandboxError",
]

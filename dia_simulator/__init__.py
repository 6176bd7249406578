"""A DIA v3 web service simulator: generated Turkish business data behind a real HTTP server.

Simulator-only additions that real DIA does not have: the `/_admin/*` endpoints, `advance()`
and fault injection (see faults.py).
"""

from .changes import ChangeSet
from .faults import Fault, FaultPlan
from .simulator import SimCompany, SimPeriod, SimTenant, Simulator

__all__ = ["ChangeSet", "Fault", "FaultPlan", "SimCompany", "SimPeriod", "SimTenant", "Simulator"]

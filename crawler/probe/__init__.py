"""The live probe: install an MCP server package, run it in a bubblewrap sandbox, capture `tools/list`."""

from crawler.probe.kinds import FAILURE_DESCRIPTIONS, FAILURE_KINDS, FailureKind
from crawler.probe.rpc import Capture, RpcLimits
from crawler.probe.runner import ProbeConfig, ProbeOutcome, probe
from crawler.probe.sandbox import SandboxConfig, SandboxUnavailable
from crawler.probe.spec import ProbeTarget, make_target

__all__ = [
    "FAILURE_DESCRIPTIONS",
    "FAILURE_KINDS",
    "Capture",
    "FailureKind",
    "ProbeConfig",
    "ProbeOutcome",
    "ProbeTarget",
    "RpcLimits",
    "SandboxConfig",
    "SandboxUnavailable",
    "make_target",
    "probe",
]

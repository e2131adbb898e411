"""The claims domain's models: the source registry, claims with their citations, and the
status changes that are both the requests and the audit trail."""

from .claims import Citation, Claim, ClaimStatus
from .sources import Source, SourceKind
from .status_changes import AUDIT_TRAIL_MESSAGE, StatusChange, StatusChangeState

__all__ = [
    "AUDIT_TRAIL_MESSAGE",
    "Citation",
    "Claim",
    "ClaimStatus",
    "Source",
    "SourceKind",
    "StatusChange",
    "StatusChangeState",
]

"""The claims domain's models: the source registry, claims with their citations, and the
status changes that are both the requests and the audit trail, and the revisions of what
claims say."""

from .claims import Citation, Claim, ClaimPresence, ClaimStatus
from .revisions import REVISION_HISTORY_MESSAGE, ClaimRevision, Revision, RevisionState
from .sources import Source, SourceKind
from .status_changes import AUDIT_TRAIL_MESSAGE, StatusChange, StatusChangeState

__all__ = [
    "AUDIT_TRAIL_MESSAGE",
    "REVISION_HISTORY_MESSAGE",
    "Citation",
    "Claim",
    "ClaimPresence",
    "ClaimRevision",
    "ClaimStatus",
    "Revision",
    "RevisionState",
    "Source",
    "SourceKind",
    "StatusChange",
    "StatusChangeState",
]

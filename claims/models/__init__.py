"""The claims domain's models: the source registry and its audit trail, claims with their
citations, the status changes that are both the requests and the audit trail, and the
revisions of what claims say."""

from .claims import Citation, Claim, ClaimPresence, ClaimStatus, Confidence
from .revisions import REVISION_HISTORY_MESSAGE, ClaimRevision, Revision, RevisionState
from .source_changes import SOURCE_HISTORY_MESSAGE, SourceChange, SourceChangeAction
from .sources import Source, SourceKind, same_source_name
from .status_changes import AUDIT_TRAIL_MESSAGE, StatusChange, StatusChangeState

__all__ = [
    "AUDIT_TRAIL_MESSAGE",
    "REVISION_HISTORY_MESSAGE",
    "SOURCE_HISTORY_MESSAGE",
    "Citation",
    "Claim",
    "ClaimPresence",
    "ClaimRevision",
    "ClaimStatus",
    "Confidence",
    "Revision",
    "RevisionState",
    "Source",
    "SourceChange",
    "SourceChangeAction",
    "SourceKind",
    "StatusChange",
    "StatusChangeState",
    "same_source_name",
]

"""Evidence for a criterion: uploaded files (size and type checked) and links.

Files live under MEDIA_ROOT, which is never served by URL; they go out only through the
access-checked download view.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename

from vfmhub.accounts.models import User
from vfmhub.assessments.models import Assessment, Evidence, EvidenceKind, Score
from vfmhub.assessments.services.common import check_stage_open
from vfmhub.audit.services import acting, audit_record, save_created
from vfmhub.frameworks.models import Criterion

FILE_TOO_BIG = "The file must be smaller than {limit}."
FILE_EMPTY = "The selected file is empty."
FILE_TYPE_NOT_ALLOWED = "The file must be a {allowed}."
FILE_CONTENT_MISMATCH = "The file’s contents do not look like a {extension} file."
LINK_SCHEME = "Enter a link starting with https:// or http://."
CRITERION_NOT_IN_ASSESSMENT = "That criterion is not part of this assessment."
TITLE_REQUIRED = "Enter a title for the evidence."

ZIP = b"PK\x03\x04"
# Extension → (content type, the bytes the file starts with; None for text).
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (ZIP,),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
SNIFF_BYTES = 2048


def allowed_extensions() -> list[str]:
    configured = getattr(settings, "EVIDENCE_ALLOWED_TYPES", None)
    return [e for e in (configured or FILE_TYPES) if e in FILE_TYPES]


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def _size_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB"


def _looks_like(head: bytes, starts: tuple[bytes, ...] | None) -> bool:
    if starts is not None:
        return head.startswith(starts)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def check_upload(uploaded_file: UploadedFile) -> tuple[str, str]:
    """The file's extension and content type, or ValidationError with a message to show."""
    allowed = allowed_extensions()
    extension = PurePath(uploaded_file.name or "").suffix.lower().lstrip(".")
    if extension not in allowed:
        words = ", ".join(e.upper() for e in allowed[:-1]) + f" or {allowed[-1].upper()}"
        raise ValidationError(FILE_TYPE_NOT_ALLOWED.format(allowed=words), code="type")
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(FILE_EMPTY, code="empty")
    if size > max_bytes():
        raise ValidationError(FILE_TOO_BIG.format(limit=_size_words(max_bytes())), code="size")
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    content_type, starts = FILE_TYPES[extension]
    if not _looks_like(head, starts):
        raise ValidationError(
            FILE_CONTENT_MISMATCH.format(extension=extension.upper()), code="content"
        )
    return extension, content_type


def _check_criterion(assessment: Assessment, criterion: Criterion) -> None:
    if not Score.objects.filter(assessment=assessment, criterion=criterion).exists():
        raise ValidationError(CRITERION_NOT_IN_ASSESSMENT)


def _save(acting_user: User | None, evidence: Evidence, fields: list[str]) -> Evidence:
    return save_created(evidence, acting_user=acting_user, action="evidence.add", fields=fields)


@transaction.atomic
def evidence_add_file(
    *,
    acting_user: User | None,
    assessment: Assessment,
    criterion: Criterion,
    title: str,
    uploaded_file: UploadedFile,
) -> Evidence:
    check_stage_open(assessment)
    _check_criterion(assessment, criterion)
    _, content_type = check_upload(uploaded_file)
    name = get_valid_filename(PurePath(uploaded_file.name or "evidence").name)
    uploaded_file.name = name
    evidence = Evidence(
        assessment=assessment,
        criterion=criterion,
        kind=EvidenceKind.FILE,
        title=title.strip() or name,
        file=uploaded_file,
        original_name=name,
        size=uploaded_file.size,
        content_type=content_type,
        added_by=acting(acting_user),
    )
    return _save(acting_user, evidence, ["criterion", "title", "original_name", "size"])


@transaction.atomic
def evidence_add_link(
    *,
    acting_user: User | None,
    assessment: Assessment,
    criterion: Criterion,
    title: str,
    url: str,
) -> Evidence:
    check_stage_open(assessment)
    _check_criterion(assessment, criterion)
    url = url.strip()
    if not url.lower().startswith(("https://", "http://")):
        raise ValidationError({"url": LINK_SCHEME})
    if not title.strip():
        raise ValidationError({"title": TITLE_REQUIRED})
    evidence = Evidence(
        assessment=assessment,
        criterion=criterion,
        kind=EvidenceKind.LINK,
        title=title.strip(),
        url=url,
        added_by=acting(acting_user),
    )
    return _save(acting_user, evidence, ["criterion", "title", "url"])


@transaction.atomic
def evidence_remove(*, acting_user: User | None, evidence: Evidence) -> None:
    """Remove the evidence; its file is deleted once the transaction commits."""
    check_stage_open(evidence.assessment)
    audit_record(
        acting_user=acting_user,
        action="evidence.remove",
        obj=evidence,
        changes={"title": [evidence.title, None], "url": [evidence.url or None, None]},
    )
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))

"""doccano 1.8.4 importing a claim-reader doccano export with its own import code, headless (no server, no Celery
worker): every line must become an example, every [start, end, label] a span, and each span, read in UTF-16 units as
doccano's browser reads it, a claim's text.

Usage (in a venv with `doccano==1.8.4 'numpy<2' 'marshmallow<4'`; tests/consumers/run.sh makes it):
    python doccano_import.py FILE.jsonl NATIVE.jsonl [--overlap] [--task]
--overlap: the project allows overlapping spans ("Allow overlapping entity", off by default: doccano then keeps only
spans that do not overlap a kept one, silently). --task: through the Celery task the web UI starts (run eagerly).
The migrated template database is kept in $CLAIM_READER_CONSUMERS (one Django migrate, about 35 s, per machine).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import backend  # the doccano wheel installs its Django project as the top-level package `backend`

CACHE = Path(os.environ.get("CLAIM_READER_CONSUMERS", Path.home() / ".cache" / "claim-reader-consumers"))
TEMPLATE = CACHE / "doccano-template.sqlite3"
work = Path(tempfile.mkdtemp(prefix="doccano-import-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "SECRET_KEY": "consumer-check",
        "DEBUG": "False",
    }
)
sys.path.append(str(Path(backend.__file__).parent))

import django  # noqa: E402

if TEMPLATE.exists():
    shutil.copy(TEMPLATE, work / "db.sqlite3")
django.setup()
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.CELERY_TASK_ALWAYS_EAGER = True
settings.CELERY_TASK_EAGER_PROPAGATES = True
if not TEMPLATE.exists():
    call_command("migrate", verbosity=0)
    call_command("create_roles", verbosity=0)
    CACHE.mkdir(parents=True, exist_ok=True)
    shutil.copy(work / "db.sqlite3", TEMPLATE)

from data_import.datasets import load_dataset  # noqa: E402
from data_import.pipeline.catalog import create_file_format  # noqa: E402
from data_import.pipeline.readers import FileName  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from examples.models import Example  # noqa: E402
from labels.models import Span  # noqa: E402
from projects.models import ProjectType, SequenceLabelingProject  # noqa: E402


def main() -> int:
    path, native = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    written = sum(len(line["label"]) for line in lines)
    user = get_user_model().objects.create_superuser("check", "check@example.org", "check")
    project = SequenceLabelingProject.objects.create(
        name="check",
        description="claim-reader export",
        project_type=ProjectType.SEQUENCE_LABELING,
        created_by=user,
        allow_overlapping="--overlap" in sys.argv,
    )
    options = {"column_data": "text", "column_label": "label", "encoding": "utf_8"}
    died = None
    try:
        if "--task" in sys.argv:
            errors = run_task(user, project, path, options)
        else:
            dataset = load_dataset(
                ProjectType.SEQUENCE_LABELING,
                create_file_format("JSONL"),
                [FileName(str(path), path.name, path.name)],
                project,
                **options,
            )
            dataset.save(user, batch_size=settings.IMPORT_BATCH_SIZE)
            errors = [error.dict() for error in dataset.errors]
    except Exception as exc:  # what the Celery task would die of, and retry on
        died, errors = f"{type(exc).__name__}: {exc}", []
    examples = Example.objects.filter(project=project).count()
    spans = Span.objects.filter(example__project=project).count()
    print(
        f"{path.name}: lines {len(lines)} -> examples {examples}; spans written {written} -> stored {spans};"
        f" doccano errors {len(errors)}" + (f"; import died: {died}" if died else "")
    )
    for error in errors[:10]:
        print("DOCCANO ERROR", error)
    whole = died is None and not errors and examples == len(lines) and spans == written
    return 0 if whole and units_match(native, project) else 1


def run_task(user, project, path: Path, options: dict) -> list:
    """The Celery task the web UI starts, run eagerly, reading the upload through django-drf-filepond as the UI does."""
    from data_import.celery_tasks import import_dataset
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_drf_filepond.models import TemporaryUpload
    from django_drf_filepond.utils import _get_file_id

    # Fresh ids: the upload folder lies inside the doccano install and outlives a run that dies.
    upload = TemporaryUpload(
        upload_id=_get_file_id(),
        file_id=_get_file_id(),
        upload_name=path.name,
        upload_type=TemporaryUpload.FILE_DATA,
        uploaded_by=user,
        file=SimpleUploadedFile(path.name, path.read_bytes()),
    )
    upload.save()
    result = import_dataset.apply(
        kwargs={
            "user_id": user.id,
            "project_id": project.id,
            "file_format": "JSONL",
            "upload_ids": [upload.upload_id],
            "task": ProjectType.SEQUENCE_LABELING,
            **options,
        },
        throw=True,
    )
    return result.get()["error"]


def units_match(native: Path, project) -> bool:
    """Each stored span, read in UTF-16 units as doccano's browser reads it, is the text of a claim of the native
    export of the same database."""
    _header, *articles = (json.loads(line) for line in native.read_text(encoding="utf-8").splitlines())
    texts = {span["text"] for article in articles for span in article["spans"]}
    bad = 0
    for span in Span.objects.filter(example__project=project).select_related("example"):
        units = span.example.text.encode("utf-16-le")
        piece = units[2 * span.start_offset : 2 * span.end_offset].decode("utf-16-le", errors="replace")
        if piece not in texts:
            bad += 1
            print(f"UNITS [{span.start_offset}, {span.end_offset}] reads {piece!r}, not a claim's text")
    return bad == 0


if __name__ == "__main__":
    code = main()
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(code)

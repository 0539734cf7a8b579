"""Label Studio JSON: a task list as Label Studio exports it (or claim-reader writes it), each annotation becoming
its annotator's claims, so a team can move over with its work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from reader.errors import InputError
from reader.ingest.tasks import TaskReader
from reader.models import ImportRecord

FIELDS = ("article_id", "title", "meta")
"""The `data` keys claim-reader's own export writes beside the text."""


class LabelStudioReader(TaskReader):
    """Reads a Label Studio task list: a task's text and data become an article, each annotation that was not
    cancelled its annotator's claims and done mark (a submitted annotation is done work, unless claim-reader wrote
    `done: false`); predictions are suggestions, not claims, and stay out."""

    def fail(self, line: int, message: str) -> InputError:
        """A bad task is named by its number in the list (Label Studio files are one JSON array, not lines)."""
        return InputError(f"{self.path}: task {line}: {message}")

    def read_tasks(self, raw: str) -> Iterator[ImportRecord]:
        """Yield one record per task without annotations and one per annotation."""
        try:
            tasks = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{self.path}: malformed JSON ({exc.args[0].split(':')[0]})") from None
        if not isinstance(tasks, list):
            raise InputError(f"{self.path}: a Label Studio file is a JSON array of tasks")
        for number, task in enumerate(tasks, start=1):
            yield from self._task(task, number)

    def _task(self, task: Any, number: int) -> Iterator[ImportRecord]:
        """The records of one task: its article, with each annotation's claims."""
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise self.fail(number, 'no "data.text" (the labeling config this reads shows `$text`)')
        given = data.get("meta")
        meta: dict[str, Any] = dict(given) if isinstance(given, dict) else {}
        meta.update((k, v) for k, v in data.items() if k not in ("text", *FIELDS))
        if isinstance(data.get("title"), str):
            meta["title"] = data["title"]
        annotations = task.get("annotations") or []
        if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
            raise self.fail(number, 'malformed "annotations" (a list of objects is expected)')
        kept = [a for a in annotations if not a.get("was_cancelled")]
        if not kept:
            yield self.record({"text": data["text"], "meta": meta}, number)
        for annotation in kept:
            spans = self._spans_of(annotation, data["text"], number)
            line = {"text": data["text"], "meta": meta, "spans": spans, "answer": "accept"}
            name = annotator_of(annotation)
            if name is not None:
                line["_annotator_id"] = name
            record = self.record(line, number)
            if annotation.get("done") is False:  # claim-reader's mark of work not marked done yet
                record.done_by.clear()
            yield record

    def _spans_of(self, annotation: dict[str, Any], text: str, number: int) -> list[dict[str, Any]]:
        """A span per label of each `labels` region, with the confidence, flags and note its region id carries."""
        result = annotation.get("result") or []
        if not isinstance(result, list) or not all(
            isinstance(r, dict) and isinstance(r.get("value"), dict) for r in result
        ):
            raise self.fail(number, 'malformed "result" (a list of regions with a "value" is expected)')
        extra: dict[Any, dict[str, Any]] = {}
        for region in result:
            choices = region["value"].get("choices")
            if region.get("type") == "choices" and isinstance(choices, list):
                fields = extra.setdefault(region.get("id"), {})
                if region.get("from_name") == "confidence" and choices:
                    fields["confidence"] = _whole(choices[0])
                elif region.get("from_name") == "flags":
                    fields.update({flag: True for flag in ("checkworthy", "hedged") if flag in choices})
        spans = []
        for region in result:
            value = region["value"]
            if region.get("type") != "labels":
                continue
            start, end, labels = value.get("start"), value.get("end"), value.get("labels")
            if not isinstance(labels, list) or not labels:
                raise self.fail(number, f"region {region.get('id')!r} has no labels")
            if isinstance(start, int) and isinstance(end, int) and "text" in value and text[start:end] != value["text"]:
                raise self.fail(
                    number,
                    f"region {region.get('id')!r}: text[{start}:{end}] is not its text (offsets are code points)",
                )
            meta = region.get("meta")
            note = meta.get("text") if isinstance(meta, dict) else None
            fields = dict(extra.get(region.get("id"), {}))
            if isinstance(note, list) and note:
                fields["note"] = "\n".join(str(part) for part in note)
            spans += [{"start": start, "end": end, "label": label, **fields} for label in labels]
        return spans


def annotator_of(annotation: dict[str, Any]) -> str | None:
    """Whose annotation this is: the name claim-reader wrote, else the part of Label Studio's `completed_by` email
    before the @, else `labelstudio-<user id>` (so two users are never merged); None leaves it to --as."""
    name = annotation.get("annotator")
    if isinstance(name, str) and name:
        return name
    who = annotation.get("completed_by")
    if isinstance(who, dict) and isinstance(who.get("email"), str) and who["email"]:
        return who["email"].split("@")[0] or who["email"]
    if isinstance(who, dict) and isinstance(who.get("id"), int):
        who = who["id"]
    if isinstance(who, int) and not isinstance(who, bool):
        return f"labelstudio-{who}"
    return None


def _whole(choice: Any) -> Any:
    """A confidence choice as the whole number it names (the schema then checks it is on the scale)."""
    try:
        return int(choice)
    except (TypeError, ValueError):
        return choice

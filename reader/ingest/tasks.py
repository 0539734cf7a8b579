"""JSONL tasks: Prodigy (raw and annotated), doccano, and claim-reader's own native export, spans included."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from reader import identity, timestamps
from reader.errors import InputError, ReaderError
from reader.ingest.articles import make_article
from reader.models import GOLD, NATIVE_FORMAT, Claim, ImportRecord, Link, article_id_for, derived_claim_id
from reader.schema import Schema
from reader.segment import strip_span
from reader.text import Utf16, normalize, offset_map
from reader.tool_data import ANSWER_FIELDS, SPAN_PROVENANCE, SPAN_SOURCES, answer_refusal, tokens_refusal

PRODIGY_KEYS = tuple(ANSWER_FIELDS)
COMPUTED_META = ("title", "sha256")
SPAN_FIELDS = ("note", "speaker", "checkworthy", "hedged")
"""Claim fields a span of another tool may carry beside its label and confidence (a Label Studio region does)."""
NATIVE_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "note": (str,),
    "speaker": (str,),
    "checkworthy": (bool,),
    "hedged": (bool,),
    "created_at": (str,),
    "updated_at": (str,),
    "origin": (str,),
    "adjudicated_by": (str,),
}
"""The fields of a native span kept as they are written, each with the JSON type it must have (null: not given)."""


class TaskReader:
    """Reads one JSONL file line by line into import records, validating every span against text and schema."""

    def __init__(
        self, path: Path, schema: Schema, annotator: str, on_schema: Callable[[Schema], Schema] | None = None
    ) -> None:
        self.path = path
        self.schema = schema
        self.annotator = annotator
        self.on_schema = on_schema

    def fail(self, line: int, message: str) -> InputError:
        """Build the one-line error for a bad line."""
        return InputError(f"{self.path}:{line}: {message}")

    def read(self, lines: Iterable[tuple[int, str]]) -> Iterator[ImportRecord]:
        """Yield one record per non-blank line, after taking the schema of a native export's header line."""
        first = True
        for number, line in lines:
            if not line.strip():
                continue
            try:
                task = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise self.fail(number, f"malformed JSON ({exc.args[0].split(':')[0]})") from None
            if not isinstance(task, dict):
                raise self.fail(number, f"a JSON object is expected, not {_json_kind(task)}")
            if task.get("format") == NATIVE_FORMAT and "text" not in task:
                if not first:
                    raise self.fail(number, "a native export's header belongs on the first line")
                self._header(task, number)
            else:
                yield self.record(task, number)
            first = False

    def _header(self, task: dict[str, Any], line: int) -> None:
        """Validate the header's schema and put it in force through the store (unless --schema chose one)."""
        try:
            schema = Schema.model_validate(task.get("schema"))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(map(str, err["loc"]))
            raise self.fail(
                line, f"the header's schema is invalid: {where + ': ' if where else ''}{err['msg']}"
            ) from None
        if self.on_schema is not None:
            try:
                self.schema = self.on_schema(schema)
            except ReaderError as exc:
                raise self.fail(line, f"the header's schema cannot be used: {exc}") from None

    def record(self, task: dict[str, Any], line: int) -> ImportRecord:
        """Turn one task into a record: native, Prodigy or doccano, told apart by their keys."""
        raw_text = task.get("text")
        if not isinstance(raw_text, str) or not raw_text.strip():
            raise self.fail(line, 'no "text" (a non-empty string is required)')
        text = normalize(raw_text)
        meta = task.get("meta") or {}
        if not isinstance(meta, dict):
            raise self.fail(line, f'"meta" must be a JSON object, not {_json_kind(meta)}')
        if "offset_unit" in task:
            return self._native(task, text, raw_text, dict(meta), line)
        meta = dict(meta)
        for key, value in task.items():
            if (
                key
                not in (
                    "text",
                    "meta",
                    "spans",
                    "label",
                    "entities",
                    "tokens",
                    "annotator",
                    "_annotator_id",
                    "id",
                    "article_id",
                    "Comments",
                    *PRODIGY_KEYS,
                )
                and value is not None
            ):
                meta.setdefault(key, value)
        tokens = task["tokens"] if isinstance(task.get("tokens"), list) else []
        spans = self._spans(task, line)
        annotator = self._annotator(task.get("_annotator_id") or task.get("annotator"), line)
        shift = offset_map(raw_text, text) if text != raw_text and (spans or tokens) else None
        if shift:
            spans = [(shift[start], shift[end], label, extra) for start, end, label, extra in spans]
        if tokens:
            meta["tokens"] = self._token_table(tokens, shift, line, len(raw_text))
        article = self._article(text, meta, line)
        answer = task.get("answer")
        record = ImportRecord(article=article, line=line)
        annotation = {k: task[k] for k in PRODIGY_KEYS if k in task and (task[k] is not None or k == "_session_id")}
        if answer not in ("reject", "ignore"):
            spans = [(*self._trimmed(text, start, end, line), label, extra) for start, end, label, extra in spans]
        sources = [
            [start, end, label, {k: extra[k] for k in SPAN_PROVENANCE if k in extra}]
            for start, end, label, extra in spans
            if any(k in extra for k in SPAN_PROVENANCE)
        ]
        if sources:
            annotation[SPAN_SOURCES] = sources
        if answer in ("reject", "ignore"):
            annotation["spans"] = [_kept_span(start, end, label, extra) for start, end, label, extra in spans]
        refusal = answer_refusal(annotation, len(text))
        if refusal:
            raise self.fail(line, refusal)
        if answer in ("reject", "ignore"):
            record.annotations[annotator] = annotation
            return record
        if annotation:
            record.annotations[annotator] = annotation
        created = (
            self._time(timestamps.from_unix, annotation["_timestamp"], line) if "_timestamp" in annotation else None
        )
        for start, end, label, extra in spans:
            fields = {k: extra[k] for k in SPAN_FIELDS if extra.get(k) is not None}
            record.claims.append(
                self._claim(article.id, text, annotator, start, end, label, extra, line, created, **fields)
            )
        if answer == "accept" or record.claims:
            record.done_by.append(annotator)
        return record

    def _trimmed(self, text: str, start: int, end: int, line: int) -> tuple[int, int]:
        """A span with the whitespace at its edges trimmed, the rule every claim follows; one of only whitespace is an
        error naming the line."""
        trimmed = strip_span(text, start, end)
        if trimmed[0] == trimmed[1]:
            raise self.fail(line, f"span {start}-{end} holds only whitespace")
        return trimmed

    def _token_table(self, tokens: list[Any], shift: list[int] | None, line: int, length: int) -> list[list[int]]:
        """Keep Prodigy's tokens as [start, end] pairs in normalized-text offsets (empty ones dropped); each must lie
        inside the text as the file wrote it (`length`)."""
        try:
            pairs = [(_offset(t["start"]), _offset(t["end"])) for t in tokens]
        except (KeyError, TypeError, ValueError) as exc:
            raise self.fail(line, f"malformed token ({exc!s})") from None
        refusal = tokens_refusal([list(pair) for pair in pairs], length)
        if refusal:
            raise self.fail(line, refusal)
        if shift:
            pairs = [(shift[start], shift[end]) for start, end in pairs]
        return [[start, end] for start, end in pairs if start < end]

    def _annotator(self, named: Any, line: int) -> str:
        """Whose work a line is: the annotator it names (a non-empty string; someone else only for a lead, once leads
        are named, as with --as), else the one the import runs as."""
        if named is None or named == "":
            return self.annotator
        if not isinstance(named, str) or not named.strip() or named != named.strip():
            raise self.fail(line, f"annotator {named!r} is not a name (a non-empty string without outer spaces)")
        self._check_acting_as(named, line)
        return named

    def _check_acting_as(self, name: str, line: int) -> None:
        """Refuse work in another's name from a non-lead once leads are named; gold needs a lead (see `_claim`)."""
        if name == GOLD:
            return
        refusal = identity.impersonation_refusal(name, self.schema.leads, "the line's annotator")
        if refusal:
            raise self.fail(line, refusal)

    def _time(self, parse: Callable[[Any], str], value: Any, line: int) -> str:
        """A stamp from the file in the one stored form, or the line refused saying what is wrong with it."""
        try:
            return parse(value)
        except ValueError as exc:
            raise self.fail(line, str(exc)) from None

    def _article(self, text: str, meta: dict[str, Any], line: int):
        """Make the article, reporting an invalid one against this line."""
        try:
            return make_article(text, meta, self.path, line)
        except ValidationError as exc:
            raise self.fail(line, exc.errors()[0]["msg"]) from None

    def _spans(self, task: dict[str, Any], line: int) -> list[tuple[int, int, str, dict[str, Any]]]:
        """Collect spans from Prodigy `spans`, doccano `label` or doccano `entities`, as raw-text code-point offsets
        (doccano counts UTF-16 units, as its browser does: an offset inside an emoji is an error)."""
        found: list[tuple[int, int, str, dict[str, Any]]] = []
        for key in ("spans", "entities"):
            items = task.get(key) or []
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise self.fail(line, f'malformed "{key}" (a list of objects is expected)')
        try:
            for span in task.get("spans") or []:
                found.append((_offset(span["start"]), _offset(span["end"]), str(span["label"]), span))
            units = Utf16(task["text"])
            labels = task.get("label")
            if isinstance(labels, list):
                for item in labels:
                    start, end, label = item
                    found.append((*self._points(units, start, end, line), str(label), {}))
            for ent in task.get("entities") or []:
                start, end = ent["start_offset"], ent["end_offset"]
                found.append((*self._points(units, start, end, line), str(ent["label"]), {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise self.fail(line, f"malformed span ({exc!s})") from None
        raw_len = len(task["text"])
        for start, end, _, _ in found:
            if not 0 <= start < end <= raw_len:
                raise self.fail(line, f"span {start}-{end} is outside the text (length {raw_len})")
        return found

    def _points(self, units: Utf16, start: Any, end: Any, line: int) -> tuple[int, int]:
        """A doccano span's UTF-16 offsets as code points."""
        points = units.point(_offset(start)), units.point(_offset(end))
        if points[0] is None or points[1] is None:
            raise self.fail(line, f"span {start}-{end} cuts a character in two (doccano offsets count UTF-16 units)")
        return points[0], points[1]

    def _claim(
        self,
        article_id: str,
        text: str,
        annotator: str,
        start: int,
        end: int,
        label: str,
        extra: dict[str, Any],
        line: int,
        created: str | None,
        **fields: Any,
    ) -> Claim:
        """Build and validate one claim; an unknown label or bad confidence names the line."""
        refusal = self.schema.gold_refusal(identity.os_user()) if annotator == GOLD else None
        if refusal:
            raise self.fail(line, refusal)
        if label not in self.schema.label_names:
            raise self.fail(
                line,
                f"unknown label {label!r} (schema has {', '.join(self.schema.label_names)};"
                " pass --schema FILE to add it)",
            )
        confidence = extra.get("confidence", self.schema.default_confidence)
        if type(confidence) is not int or confidence not in self.schema.confidence_values:
            raise self.fail(line, f"confidence {confidence!r} is not on the scale {self.schema.confidence_values}")
        if not 0 <= start < end <= len(text):
            raise self.fail(line, f"span {start}-{end} is outside the text (length {len(text)})")
        start, end = self._trimmed(text, start, end, line)
        data: dict[str, Any] = {
            "id": fields.pop("id", None) or derived_claim_id(article_id, annotator, start, end, label),
            "article_id": article_id,
            "annotator": annotator,
            "start": start,
            "end": end,
            "label": label,
            "confidence": confidence,
            "origin": "import",
            **fields,
        }
        if created:
            data.setdefault("created_at", created)
            data.setdefault("updated_at", created)
        for key in ("created_at", "updated_at"):
            if key in data:
                data[key] = self._time(timestamps.canonical, data[key], line)
        try:
            return Claim.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise self.fail(line, f"span {'.'.join(map(str, err['loc']))}: {err['msg']}") from None

    def _native(self, task: dict[str, Any], text: str, raw_text: str, meta: dict[str, Any], line: int) -> ImportRecord:
        """Read a line of our own native export losslessly: ids, timestamps, flags and done marks as written."""
        if text != raw_text:
            raise self.fail(line, "native text is not normalized; was the file edited by hand?")
        if task.get("offset_unit") != "codepoint":
            raise self.fail(line, f"unsupported offset_unit {task.get('offset_unit')!r} (codepoint expected)")
        if task.get("id") not in (None, article_id_for(text)):
            raise self.fail(line, "article id does not match the hash of its text")
        title = meta.get("title")
        meta = {k: v for k, v in meta.items() if k not in COMPUTED_META}
        done_by = task.get("done_by") or []
        if not isinstance(done_by, list):
            raise self.fail(line, f'"done_by" must be a list of annotator names, not {_json_kind(done_by)}')
        record = ImportRecord(
            article=self._article(text, {**meta, "title": title}, line),
            line=line,
            done_by=[self._annotator(name, line) for name in done_by],
            annotations=self._annotations(task.get("annotations") or {}, line),
        )
        for span in task.get("spans") or []:
            if not isinstance(span, dict):
                raise self.fail(line, "malformed span (an object is expected)")
            try:
                start, end = _offset(span["start"]), _offset(span["end"])
                label, named = span["label"], span["annotator"]
            except (KeyError, TypeError, ValueError) as exc:
                raise self.fail(line, f"malformed span ({exc!s})") from None
            if not isinstance(label, str):
                raise self.fail(line, f"span {start}-{end}: label {label!r} is not a string")
            annotator = self._annotator(named, line)
            if "text" in span and text[start:end] != span["text"]:
                raise self.fail(line, f"span {start}-{end}: its text does not match the article text")
            fields = {k: span[k] for k in NATIVE_FIELDS if span.get(k) is not None}
            wrong = next((k for k, v in fields.items() if not isinstance(v, NATIVE_FIELDS[k])), None)
            if wrong is not None:
                kinds = " or ".join("true/false" if kind is bool else "a string" for kind in NATIVE_FIELDS[wrong])
                raise self.fail(line, f"span {start}-{end}: {wrong} {fields[wrong]!r} must be {kinds}")
            if annotator == GOLD:
                fields.setdefault("origin", "adjudicated")
            else:
                fields.setdefault("origin", "import")
            claim = self._claim(record.article.id, text, annotator, start, end, label, span, line, None, **fields)
            record.claims.append(claim)
            record.links += self._links(claim.id, span.get("links") or [], line)
        record.verifications = self._verifications(record.article.id, task.get("verifications") or [], line)
        return record

    def _verifications(self, article_id: str, items: Any, line: int) -> list[Any]:
        """Read the verifications a native line carries (of claims on its article), each validated; gold's need a
        lead."""
        from reader.verify.models import Verification

        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise self.fail(line, 'malformed "verifications" (a list of objects is expected)')
        found = []
        for item in items:
            try:
                verification = Verification.model_validate({**item, "article_id": article_id})
            except ValidationError as exc:
                err = exc.errors()[0]
                raise self.fail(line, f"verification {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
            refusal = self.schema.gold_refusal(identity.os_user()) if verification.annotator == GOLD else None
            if refusal:
                raise self.fail(line, refusal)
            if verification.verdict is not None and self.schema.verdict(verification.verdict) is None:
                raise self.fail(line, f"unknown verdict {verification.verdict!r} (pass --schema FILE to add it)")
            found.append(verification)
        return found

    def _annotations(self, annotations: Any, line: int) -> dict[str, dict[str, Any]]:
        """Another tool's task fields per annotator, as a native line carries them (Prodigy's hashes, session and
        answer), so a Prodigy export of the imported database gives back the same tasks."""
        if not isinstance(annotations, dict) or not all(isinstance(v, dict) for v in annotations.values()):
            raise self.fail(line, 'malformed "annotations" (an object of objects per annotator is expected)')
        return {str(annotator): fields for annotator, fields in annotations.items()}

    def _links(self, claim_id: str, links: list[Any], line: int) -> list[Link]:
        """Read the links a native span carries (outgoing: this claim is claim_a)."""
        try:
            found = [
                Link(
                    id=link["id"],
                    claim_a=claim_id,
                    claim_b=link["to"],
                    relation=link["relation"],
                    annotator=self._annotator(link["annotator"], line),
                    created_at=self._time(timestamps.canonical, link["created_at"], line),
                )
                for link in links
            ]
        except (KeyError, TypeError, ValidationError) as exc:
            raise self.fail(line, f"malformed link ({exc!s})".split("\n")[0]) from None
        return found


def _offset(value: Any) -> int:
    """A span offset as the file wrote it: a whole number, never a float or string silently cut to one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"offset {value!r} is not a whole number")


def _kept_span(start: int, end: int, label: str, extra: dict[str, Any]) -> dict[str, Any]:
    """A span of a rejected or ignored task, kept beside the answer (not as a claim) so a Prodigy export can return
    it."""
    kept: dict[str, Any] = {"start": start, "end": end, "label": label}
    kept.update((k, extra[k]) for k in ("token_start", "token_end", *SPAN_PROVENANCE) if k in extra)
    return kept


def _json_kind(value: Any) -> str:
    """Name a JSON value's type as a user reads it, for errors such as "a JSON object is expected, not an array"."""
    if isinstance(value, bool) or value is None:
        return "true, false or null"
    kinds: dict[type, str] = {list: "an array", str: "a string"}
    return kinds.get(type(value), "a number")

"""INCEpTION / WebAnno TSV 3.3: a file per annotator and article, claims as a custom span layer with label and
confidence, links between its claims as a relation layer, offsets in UTF-16 units as INCEpTION counts them."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from reader.export.formats.brat import folder_name
from reader.export.records import Bundle, Job
from reader.export.tokens import Aligner, Placed, Tokens, place
from reader.export.writer import ExportReport, atomic_dir
from reader.segment import unpack_spans
from reader.text import Utf16

SPAN_LAYER = "webanno.custom.Claim"
RELATION_LAYER = "webanno.custom.ClaimLink"
HEADER = (
    "#FORMAT=WebAnno TSV 3.3\n"
    f"#T_SP={SPAN_LAYER}|confidence|label\n"
    f"#T_RL={RELATION_LAYER}|relation|BT_{SPAN_LAYER}\n"
    "\n\n"
)
"""The format line and the layers: features in name order, as INCEpTION writes them, then the two empty lines."""
VALUE_RESERVED = ("\\", "[", "]", "|", "_", "->", ";", "\t", "\n", "*")
"""What a feature value escapes with a backslash (`->` as one unit), per the format's escaping rules."""


def export(job: Job) -> ExportReport:
    """Write `<annotator>/<article id>.tsv` for every annotator with claims on an article, in a folder renamed at the
    end (INCEpTION imports one document per file)."""
    report = ExportReport()
    elsewhere = 0
    with atomic_dir(job.target) as folder:
        for bundle in job.bundles(annotated_only=True):
            tokens = Tokens.of(bundle)
            aligner = Aligner(tokens)
            for annotator, (claims, _) in bundle.by_annotator().items():
                if not claims:
                    continue
                placed = place(bundle, claims, aligner, job.misaligned, report)
                document, outside = tsv(bundle, tokens, placed)
                elsewhere += outside
                (folder / folder_name(annotator)).mkdir(exist_ok=True)
                (folder / folder_name(annotator) / f"{bundle.id}.tsv").write_bytes(document.encode("utf-8"))
                report.records += 1
                report.spans += len(placed)
    if elsewhere:
        report.notes.append(
            f"{elsewhere} link(s) to a claim in another document left out of TSV (a file holds one document);"
            " native and claims exports carry them"
        )
    return report


def tsv(bundle: Bundle, tokens: Tokens, placed: list[Placed]) -> tuple[str, int]:
    """One document: sentences with their token rows, each claim's label and confidence on every token it covers,
    and each link between two of its claims on the target's first token; also how many links point elsewhere."""
    units = Utf16(bundle.text)
    content = tokens.content()
    starts = [start for start, _ in unpack_spans(bundle.packed_sentences)]
    sentence_of = [bisect_right(starts, tokens.spans[i][0]) for i in content]
    rows: dict[int, tuple[int, int]] = {}
    """Token number to (sentence, token in sentence), both from 1."""
    count: dict[int, int] = defaultdict(int)
    for token, sentence in zip(content, sentence_of, strict=True):
        count[sentence] += 1
        rows[token] = (sentence, count[sentence])
    covered: dict[int, list[Placed]] = defaultdict(list)
    for item in placed:
        for token in range(item.first, item.stop):
            if token in rows:
                covered[token].append(item)
    numbers = {item.claim.id: n for n, item in enumerate(placed, start=1)}
    needs_id = {
        item.claim.id
        for item in placed
        if sum(t in rows for t in range(item.first, item.stop)) > 1
        or any(len(covered[t]) > 1 for t in range(item.first, item.stop))
    }
    relations, outside = _relations(bundle, placed, rows, numbers, needs_id)
    lines = [HEADER]
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for token in content:
        by_sentence[rows[token][0]].append(token)
    for sentence in sorted(by_sentence):
        members = by_sentence[sentence]
        first, last = tokens.spans[members[0]][0], tokens.spans[members[-1]][1]
        lines += [f"#Text={escape_text(part)}\n" for part in bundle.text[first:last].split("\n")]
        for token in members:
            start, end = tokens.spans[token]
            where = f"{sentence}-{rows[token][1]}\t{units.unit(start)}-{units.unit(end)}"
            place = f"{where}\t{escape_text(bundle.text[start:end])}"
            if token not in covered and token not in relations:
                lines.append(place + "\t_\t_\t_\t_\t\n")  # most tokens: no claim, no link
                continue
            here = sorted(covered[token], key=lambda item: numbers[item.claim.id])
            tags = [_tagged(item.claim.id, numbers, needs_id) for item in here]
            labels = "|".join(escape_value(item.claim.label) + tag for item, tag in zip(here, tags, strict=True))
            levels = "|".join(str(item.claim.confidence) + tag for item, tag in zip(here, tags, strict=True))
            kinds = "|".join(kind for kind, _ in relations.get(token, [])) or "_"
            sources = "|".join(source for _, source in relations.get(token, [])) or "_"
            lines.append("\t".join([place, levels or "_", labels or "_", kinds, sources]) + "\t\n")
        lines.append("\n")
    return "".join(lines), outside


def _tagged(claim_id: str, numbers: dict[str, int], needs_id: set[str]) -> str:
    """The `[n]` that tells a multi-token or stacked annotation apart, or nothing for one that needs none."""
    return f"[{numbers[claim_id]}]" if claim_id in needs_id else ""


def _relations(
    bundle: Bundle,
    placed: list[Placed],
    rows: dict[int, tuple[int, int]],
    numbers: dict[str, int],
    needs_id: set[str],
) -> tuple[dict[int, list[tuple[str, str]]], int]:
    """The links between two claims of this document, on the target's first token as (relation, `S-T[src_tgt]` of
    the source's first token), and how many links lead out of the document."""
    first_row = {item.claim.id: min(t for t in range(item.first, item.stop) if t in rows) for item in placed}
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    outside = 0
    for item in placed:
        for link in bundle.links_of(item.claim.id):
            if link.claim_a != item.claim.id:
                continue
            if link.claim_b not in first_row:
                outside += 1
                continue
            source, target = first_row[link.claim_a], first_row[link.claim_b]
            ids = [numbers[c] if c in needs_id else 0 for c in (link.claim_a, link.claim_b)]
            sentence, position = rows[source]
            found[target].append((escape_value(link.relation), f"{sentence}-{position}[{ids[0]}_{ids[1]}]"))
    return found, outside


def escape_value(value: str) -> str:
    """A feature value with the format's reserved characters escaped."""
    out = []
    i = 0
    while i < len(value):
        for reserved in VALUE_RESERVED:
            if value.startswith(reserved, i):
                out.append("\\" + {"\t": "t", "\n": "n"}.get(reserved, reserved))
                i += len(reserved)
                break
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def escape_text(text: str) -> str:
    """Token text and `#Text=` lines: the backslash, tab, carriage return, form feed and backspace escaped, and
    other control characters below 32 (the stored text has none but newlines, which split `#Text=` lines)."""
    if "\\" not in text and text.isprintable():
        return text  # most tokens: nothing to escape
    out = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\f", "\\f").replace("\b", "\\b")
    return "".join(f"\\{c}" if ord(c) < 32 and not 8 <= ord(c) <= 13 else c for c in out)

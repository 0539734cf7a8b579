"""The `claim-reader` command line: a thin click layer over the core; with no command it opens the reader."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import orjson

from reader import identity
from reader.errors import InputError, ReaderError, StoreError
from reader.export import FORMATS, MISALIGNED_POLICIES, OVERLAP_POLICIES, VERIFICATION_FORMATS, formats_help

if TYPE_CHECKING:
    from reader.store.connection import Check

SELF_SEEDING = ("import", "merge")
READS_ONLY = ("articles", "export", "stats", "suggest")
"""Commands that only read: a whole-file quick_check on every run would cost them more than the read (10% of an
export)."""


class Session:
    """What every command shares: the global options and a lazily opened store."""

    def __init__(
        self, db: Path, annotator: str, schema_file: Path | None, command: str | None, yes: bool = False
    ) -> None:
        self.db_path = db
        self.annotator = annotator
        self.schema_file = schema_file
        self.command = command
        self.yes = yes
        """Apply a --schema change that blanks or drops something without asking."""
        self._store: Any = None

    def store(self, *, readonly: bool | None = None) -> Any:
        """Open the database (once), applying --schema and importing the bundled seeds into a new one; a command (not
        the reader) first checks the file is not corrupt."""
        if self._store is None:
            from reader.store import Store

            folder = self.db_path.parent
            if not folder.is_dir():
                raise StoreError(
                    f"{folder}: no such folder for the database {self.db_path.name}"
                    if not folder.exists()
                    else f"{folder}: not a folder, cannot hold the database"
                )

            schema_file = None
            if self.schema_file:
                from reader.schema import DEFAULT_SCHEMA
                from reader.schema_file import read_schema_file

                schema_file = read_schema_file(self.schema_file)
                schema_file.over(DEFAULT_SCHEMA)  # a file wrong in itself is refused before anything is opened
            self._store = Store(self.db_path, readonly=readonly, check=self.integrity_check())
            if self.command is not None:
                self._store.db.on_wait = say_waiting
            if schema_file is not None:
                self.apply_schema(schema_file)
            self.check_acting_as(self.annotator)
            if self._store.db.created and self.command not in SELF_SEEDING and not self._store.readonly:
                from reader.seeds import import_seeds

                import_seeds(self._store)
        return self._store

    def apply_schema(self, schema_file: Any) -> None:
        """Put a schema file in force over the stored schema; a change that blanks or drops anything is shown and
        needs --yes (or a yes on a terminal), except on a database created by this run, which had nothing to lose."""
        store = self._store
        wanted = schema_file.over(store.schema)
        if wanted == store.schema:
            return
        from reader.schema_file import diff_lines, losses

        me, leads = identity.os_user(), store.schema.leads
        lost = [] if store.db.created or (leads and me not in leads) else losses(store.schema, wanted, me)
        if lost and not self.yes:
            from reader.console.schema import confirm_schema_change

            if not confirm_schema_change(diff_lines(store.schema, wanted), lost):
                more = f" (and {len(lost) - 1} more)" if len(lost) > 1 else ""
                raise InputError(
                    f"{schema_file.path}: this schema {lost[0]}{more}; nothing was changed: add --yes to apply it, "
                    f"or compare first with claim-reader schema --diff {schema_file.path}"
                )
        store.use_schema(wanted)

    def integrity_check(self) -> Check:
        """How much checking this command's open needs: reads that write nothing rely on SQLite failing where it meets
        damage."""
        if self.command is None:
            return "never"
        return "writes" if self.command in READS_ONLY else "always"

    def check_acting_as(self, name: str, option: str = "--annotator") -> None:
        """Refuse to act as someone other than the OS account unless it is a lead's (once the schema names leads)."""
        if name != identity.os_user():
            refusal = identity.impersonation_refusal(name, self.store().schema.leads, option)
            if refusal:
                raise InputError(refusal)


def say_waiting(message: str) -> None:
    """Tell the user on stderr that a write waits for another process, and for whom, rather than hang in silence."""
    from reader.console.terminal import say

    say(f"claim-reader: {message}", to_stderr=True)


def check_labels(known: list[str], labels: tuple[str, ...]) -> None:
    """Refuse a --label filter the schema does not define (a usage error), before any work is done."""
    unknown = sorted(set(labels) - set(known))
    if unknown:
        raise click.BadParameter(
            f"unknown label(s) {', '.join(unknown)} (schema has {', '.join(known)})", param_hint="--label"
        )


def check_confidence(scale: list[int], minimum: int | None) -> None:
    """Refuse a --min-confidence off the schema's scale (a usage error): it would keep everything or nothing."""
    if minimum is not None and not min(scale) <= minimum <= max(scale):
        raise click.BadParameter(
            f"{minimum} is off the confidence scale ({', '.join(map(str, scale))})", param_hint="--min-confidence"
        )


class Group(click.Group):
    """A click group that turns expected errors into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ReaderError, OSError, sqlite3.DatabaseError, orjson.JSONDecodeError) as exc:
            from reader.console.terminal import say

            message = str(exc)
            db = getattr(ctx.obj, "db_path", "claim-reader")
            if isinstance(exc, OSError):
                message = f"{exc.filename if exc.filename is not None else db}: {exc.strerror or exc}"
            elif isinstance(exc, sqlite3.DatabaseError):
                from reader.store.connection import sqlite_reason

                message = f"{db}: {sqlite_reason(exc)}"
            elif isinstance(exc, orjson.JSONDecodeError):  # input files wrap theirs with file:line; this is stored JSON
                message = f"{db}: a value stored in the database is not valid JSON ({exc}); was it edited by hand?"
            say(f"claim-reader: error: {message}", to_stderr=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("claim-reader: interrupted; nothing half-written was kept", err=True)
            ctx.exit(130)


@click.group(cls=Group, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CLAIM_READER_DB",
    default="annotations.db",
    show_default=True,
    help="The SQLite database (env CLAIM_READER_DB).",
)
@click.option(
    "--annotator",
    envvar="CLAIM_READER_ANNOTATOR",
    default=lambda: identity.os_user(),
    help="Who is annotating (env CLAIM_READER_ANNOTATOR; default: your OS account; leads only for others).",
)
@click.option(
    "--schema",
    "schema_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A TOML label schema to use instead of the stored or default one (once it names leads, leads only).",
)
@click.option(
    "--yes", is_flag=True, help="Apply a --schema change that blanks or drops something without asking (leads only)."
)
@click.version_option(package_name="claim-reader")
@click.pass_context
def cli(ctx: click.Context, db: Path, annotator: str, schema_file: Path | None, yes: bool) -> None:
    """Read news articles and annotate their claims; with no command, open the reader."""
    if not annotator.strip() or annotator == "gold":
        raise click.BadParameter("must be a non-empty name other than 'gold'", param_hint="--annotator")
    ctx.obj = Session(db, annotator.strip(), schema_file, ctx.invoked_subcommand, yes)
    if ctx.invoked_subcommand is None:
        from reader.tui.app import run

        run(ctx.obj)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "txt", "md", "html", "jsonl", "csv", "averitec", "labelstudio"]),
    default="auto",
    show_default=True,
    help="Input format; auto goes by file extension (a .json file holding a JSON array is AVeriTeC's when its"
    " records name a claim, else Label Studio's).",
)
@click.option("--as", "as_annotator", help="Annotator owning spans whose input names nobody (default: --annotator).")
@click.pass_obj
def import_command(session: Session, paths: tuple[str, ...], fmt: str, as_annotator: str | None) -> None:
    """Import articles (and their spans) from files, folders or globs: txt, md, html, jsonl, csv, AVeriTeC and
    Label Studio json."""
    from reader.console.imports import import_progress, print_import_summary
    from reader.ingest import import_paths

    store = session.store()
    if as_annotator:
        session.check_acting_as(as_annotator, "--as")
    with import_progress() as advance:
        summary = import_paths(
            store,
            list(paths),
            fmt,
            as_annotator or session.annotator,
            on_record=advance,
            schema_given=session.schema_file is not None,
        )
    print_import_summary(summary)


@cli.command("schema")
@click.option(
    "--diff",
    "other",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Show what this schema file would change (nothing is changed), and what it would blank or drop.",
)
@click.pass_obj
def schema_command(session: Session, other: Path | None) -> None:
    """Print the label schema in force as TOML, ready to edit and apply with --schema; or compare a file with it."""
    from reader.console.schema import print_schema, print_schema_diff
    from reader.schema_file import diff_lines, losses, read_schema_file, to_toml

    store = session.store()
    if other is None:
        print_schema(to_toml(store.schema, store.path))
        return
    wanted = read_schema_file(other).over(store.schema)
    print_schema_diff(other, diff_lines(store.schema, wanted), losses(store.schema, wanted, identity.os_user()))


@cli.command("articles")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.pass_obj
def articles_command(session: Session, as_json: bool) -> None:
    """List the articles: id, title, source, date, words, claims (mine / all) and who marked them done."""
    rows = session.store().articles.library(session.annotator)
    if as_json:
        from reader.console.terminal import print_json

        print_json(rows)
        return
    from reader.console.articles import print_articles

    print_articles(rows)


@cli.command(
    "export",
    short_help=f"Export annotations as {', '.join(FORMATS)}.",
    help="Export annotations in one of these formats:\n\n\b\n" + formats_help(),
)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True, help="The format to write.")
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Output file (a folder for brat); '-' is stdout where the format is one stream.",
)
@click.option("--annotator", "annotators", multiple=True, help="Only this annotator's work (repeatable).")
@click.option("--label", "labels", multiple=True, help="Only claims with this label (repeatable).")
@click.option("--min-confidence", type=int, help="Only claims at least this confident.")
@click.option("--done-only", is_flag=True, help="Only work on articles its annotator marked done.")
@click.option("--gold", is_flag=True, help="Only adjudicated (gold) claims.")
@click.option("--article", "articles", multiple=True, help="Only this article (id or unique prefix; repeatable).")
@click.option(
    "--overlap",
    type=click.Choice(OVERLAP_POLICIES),
    default="longest",
    show_default=True,
    help="For hf, conll and spaCy ents, which cannot hold overlapping spans: which to keep.",
)
@click.option(
    "--unverified", is_flag=True, help="averitec, fever: also claims without a verdict (else verified claims only)."
)
@click.option("--pages", help="fever: also write the corpus as FEVER's wiki-pages JSONL to this file.")
@click.option(
    "--misaligned",
    type=click.Choice(MISALIGNED_POLICIES),
    default="expand",
    show_default=True,
    help="For token formats, a claim whose edge falls inside a token: widen it to the whole tokens, leave it out,"
    " or refuse (each is counted).",
)
@click.option(
    "--max-tokens",
    type=click.IntRange(min=1),
    default=512,
    show_default=True,
    help="For hf and conll, the most tokens in one row or block: whole sentences, never cut inside a claim that fits.",
)
@click.option(
    "--pooled",
    is_flag=True,
    help="For hf and conll, one row for all annotators' claims (overlaps settled by --overlap) instead of one each.",
)
@click.pass_obj
def export_command(
    session: Session,
    fmt: str,
    output: str,
    annotators: tuple[str, ...],
    labels: tuple[str, ...],
    min_confidence: int | None,
    done_only: bool,
    gold: bool,
    articles: tuple[str, ...],
    overlap: str,
    unverified: bool,
    pages: str | None,
    misaligned: str,
    max_tokens: int,
    pooled: bool,
) -> None:
    from reader.console.exports import export_progress, print_export_warnings
    from reader.export import run_export
    from reader.export.records import Job
    from reader.store import SpanFilter

    if output == "-" and FORMATS[fmt].needs_path:
        raise click.UsageError(f"--format {fmt} writes more than one file: give -o PATH")
    if unverified and fmt not in VERIFICATION_FORMATS:
        raise click.UsageError(f"--unverified goes with --format {' or '.join(VERIFICATION_FORMATS)}")
    if pages is not None and (fmt != "fever" or pages in ("", "-")):
        raise click.UsageError("--pages goes with --format fever and names a file")
    store = session.store()
    check_labels(store.schema.label_names, labels)
    check_confidence(store.schema.confidence_values, min_confidence)
    flt = SpanFilter(
        annotators=annotators,
        labels=labels,
        min_confidence=min_confidence,
        done_only=done_only,
        gold=gold,
        articles=tuple(store.articles.resolve(articles)),
    )
    if fmt in VERIFICATION_FORMATS:
        total, unit = (lambda: store.verifications.count(flt, unverified=unverified)), "records"
    else:
        total, unit = (lambda: store.exports.count(flt)), "articles"
    with export_progress(total, unit) as tick:
        job = Job(
            store,
            flt,
            output,
            overlap,
            tick,
            misaligned=misaligned,
            max_tokens=max_tokens,
            pooled=pooled,
            unverified=unverified,
            pages=pages,
        )
        report = run_export(job, fmt)
    print_export_warnings(report, gold and not report.spans)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one CSV file per table into this folder.",
)
@click.option("--label", "labels", multiple=True, help="Only claims with this label (repeatable).")
@click.option("--article", "articles", multiple=True, help="Only this article (id or unique prefix; repeatable).")
@click.option("--annotator", "annotators", multiple=True, help="Only compare these annotators (repeatable).")
@click.pass_obj
def stats_command(
    session: Session,
    as_json: bool,
    csv_dir: Path | None,
    labels: tuple[str, ...],
    articles: tuple[str, ...],
    annotators: tuple[str, ...],
) -> None:
    """Agreement between annotators (span F1, kappa, alpha, alpha_U) on articles two or more marked done, and on the
    verdicts of claims two or more verified."""
    if as_json and csv_dir:
        raise click.UsageError("give --json or --csv, not both")
    from reader.agreement.report import build_report, gather

    store = session.store()
    check_labels(store.schema.label_names, labels)
    articles = tuple(store.articles.resolve(articles))
    rows = gather(store.agreement.articles(articles, annotators), store.agreement.claims(articles, annotators, labels))
    from reader.review.adjudication import review_progress

    progress = review_progress(((a.id, a.done, a.gold) for a in rows), store.gold.rejected_rows())
    report = build_report(rows, labels or store.schema.label_names, store.progress.done_counts(annotators), progress)
    from reader.verify.agreement import verdict_agreement

    verdicts = [verdict.name for verdict in store.schema.verdicts]
    report.verdicts = verdict_agreement(store.verifications.compared(articles, annotators, labels), verdicts)
    if as_json:
        from reader.console.terminal import print_json

        print_json(report.model_dump())
        return
    from reader.console.agreement import print_csv_written, print_report, write_csv

    if csv_dir:
        print_csv_written(report, write_csv(report, csv_dir), csv_dir)
        return
    print_report(report)


@cli.command("merge")
@click.argument("others", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--only", help="Only these annotators' work (comma-separated); others' is for leads to merge.")
@click.pass_obj
def merge_command(session: Session, others: tuple[Path, ...], only: str | None) -> None:
    """Merge other claim-reader databases in (articles, claims, done flags, events, gold); repeating it changes
    nothing. Once the schema names leads, only they merge others' work."""
    from reader.console.merge import print_merge_summary
    from reader.merge import merge

    names = None if only is None else {name.strip() for name in only.split(",") if name.strip()}
    if names is not None and not names:
        raise click.BadParameter("give a comma-separated list of annotators", param_hint="--only")
    for summary in merge(session.store(), others, names):
        print_merge_summary(summary)


@cli.command("assign")
@click.option("--annotators", help="Comma-separated annotators to share the articles between.")
@click.option(
    "--overlap",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Annotators per article (2 or more to measure agreement).",
)
@click.option("--articles", "query", help="Only (re)assign the articles matching this full-text query.")
@click.option("--show", is_flag=True, help="Print the stored plan and each annotator's progress on it.")
@click.pass_obj
def assign_command(session: Session, annotators: str | None, overlap: int, query: str | None, show: bool) -> None:
    """Assign articles to annotators, OVERLAP per article: deterministic, balanced and stable as the team grows."""
    from reader.assignment import plan
    from reader.console.assignment import print_assigned, print_plan

    store = session.store()
    if show:
        print_plan(store.assignments.all(), store.assignments.loads(), store.assignments.log())
        return
    names = sorted({name.strip() for name in (annotators or "").split(",") if name.strip()})
    if not names or "gold" in names:
        raise click.BadParameter("give a comma-separated list of annotators (not 'gold')", param_hint="--annotators")
    article_ids = store.articles.search(query) if query else store.articles.ids()
    added, removed = store.assignments.replace(plan(article_ids, names, overlap), names, overlap, query)
    print_assigned(len(article_ids), len(names), overlap, added, removed)


@cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace TARGET if it already exists.")
@click.pass_obj
def backup_command(session: Session, target: Path, force: bool) -> None:
    """Copy the database to TARGET, consistent even while others are annotating (SQLite's backup API)."""
    from reader.console.backup import print_backup

    if not session.db_path.is_file():
        raise StoreError(f"{session.db_path}: no such database to back up")
    print_backup(session.db_path, target, session.store().db.backup(target, force=force))


@cli.command("check")
@click.pass_obj
def check_command(session: Session) -> None:
    """Check the database (SQLite's integrity check, every claim against its event log): one line per problem, or
    "ok"."""
    from reader.errors import StoreError

    if not session.db_path.is_file():
        raise StoreError(f"{session.db_path}: no such database to check")
    problems = session.store(readonly=True).history.check()
    for problem in problems:
        click.echo(problem)
    if problems:
        click.get_current_context().exit(1)
    click.echo("ok")


@cli.command("suggest")
@click.option("--article", "article_id", help="Only this article (its id or a unique prefix).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--evaluate", is_flag=True, help="Cross-validate the cue rules, the model and both combined on the done articles."
)
@click.option("--folds", type=click.IntRange(min=2), help="Folds for --evaluate (default 5), split by article.")
@click.option(
    "--test",
    "fixed",
    is_flag=True,
    help="--evaluate on a fixed split: score the ARTICLES given (ids or prefixes), train on the others.",
)
@click.option(
    "--split-by",
    "split_key",
    help="--evaluate on a fixed split: train on the articles whose meta KEY is train, score those where it is test.",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Every suggestion, also those not precise enough on held-out claims to be shown by default.",
)
@click.argument("test_articles", metavar="[ARTICLES]...", nargs=-1)
@click.pass_obj
def suggest_command(
    session: Session,
    article_id: str | None,
    as_json: bool,
    evaluate: bool,
    folds: int | None,
    fixed: bool,
    split_key: str | None,
    everything: bool,
    test_articles: tuple[str, ...],
) -> None:
    """List claim suggestions you have not decided on, from a model trained on the team's claims and the cue rules
    (figures, attribution, quotes, future, causal, rules), or measure them with --evaluate."""
    from reader.console.terminal import print_json, say
    from reader.suggest.suggester import cue_note

    if (folds is not None or fixed or split_key) and not evaluate:
        raise click.UsageError("--folds, --test and --split-by go with --evaluate")
    if sum(bool(given) for given in (folds is not None, fixed, split_key)) > 1:
        raise click.UsageError("give one of --folds, --test and --split-by")
    if fixed != bool(test_articles):
        raise click.UsageError("--test takes the test articles: suggest --evaluate --test ID [ID...]")
    if evaluate and (article_id or everything):
        raise click.UsageError("--evaluate measures every done article and every system: drop --article and --all")
    store = session.store()
    note = None if as_json else cue_note(store.schema.labels)
    if evaluate:
        if note:
            say(note)
        _evaluate(store, folds or 5, as_json, test_articles, split_key)
        return
    from reader.learn.model import held_back, model_for
    from reader.suggest.records import suggestion_records
    from reader.suggest.suggester import cue_map

    model, state = model_for(store)
    records = suggestion_records(
        store,
        store.articles.resolve([article_id]) if article_id else store.articles.ids(),
        session.annotator,
        model,
        everything=everything,
    )
    if as_json:
        print_json(records)
        return
    from reader.console.suggestions import print_suggestions

    shown = [held_back(model, cue_map(store.schema.labels))] if model is not None and not everything else []
    print_suggestions(records, [line for line in (note, state, *shown) if line])


def _evaluate(store: Any, folds: int, as_json: bool, test_articles: tuple[str, ...], split_key: str | None) -> None:
    """Run `suggest --evaluate`: cross-validation needs the learn extra, and says so when it is missing."""
    from reader.errors import InputError
    from reader.learn.evaluate import evaluate, fixed_split
    from reader.learn.model import learn_missing
    from reader.learn.training import training_articles
    from reader.suggest.suggester import cue_map

    missing = learn_missing()
    if missing:
        raise InputError(f"--evaluate: {missing}")
    articles = training_articles(store)
    split = None
    if split_key is not None:
        split = fixed_split(articles, store.articles.meta_values(split_key), f"--split-by {split_key}")
    elif test_articles:
        named = store.articles.resolve(test_articles)
        split = fixed_split(
            articles, {a.article_id: "train" for a in articles} | dict.fromkeys(named, "test"), "--test"
        )
    result = evaluate(articles, store.schema.label_names, cue_map(store.schema.labels), folds=folds, split=split)
    if as_json:
        from reader.console.terminal import print_json

        print_json(result.record())
        return
    from reader.console.suggestions import print_evaluation

    print_evaluation(result, store.articles.many(result.scored))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="claim-reader")

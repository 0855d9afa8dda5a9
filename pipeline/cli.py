"""The ``kehoach`` command: each command a thin wrapper over one library call."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import ExitCode, InputError, KehoachError


def _say(err: KehoachError, path=None) -> None:
    """The one line an error ends with on stderr: ``kehoach: REASON``, or ``kehoach: PATH: REASON``
    for an input file."""
    if path is None:
        click.echo(f"kehoach: {err}", err=True)
    else:
        click.echo(f"kehoach: {path}: {err.reason if isinstance(err, InputError) else err}", err=True)


class _Commands(click.Group):
    """The one error path: a KehoachError out of any command is one line on stderr and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KehoachError as err:
            _say(err)
            sys.exit(int(err.exit_code))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="kehoach")
def cli():
    """kehoach turns Vietnamese administrative plans (kế hoạch, quyết định, chỉ thị,
    công văn) into records of who owes what by when: agencies and their roles,
    tasks, deadlines, quotas and citations, each with the page and character
    span it came from.

    Inputs: .txt (UTF-8, UTF-16, Windows-1258, TCVN3/ABC, VNI), .html, .docx,
    .doc (with antiword), .pdf, and scans (.pdf, .png, .jpg, .tif) read with
    Tesseract. Directories are read recursively.
    """


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def text(path):
    """Print the normalised text of PATH: the text every evidence offset indexes.

    Pages are separated by form feeds (\\f).

    Example:

        kehoach text corpora/documents/nghe-an-980-kh-ubnd-2025.txt | less
    """
    from . import read_document

    try:
        sys.stdout.write(read_document(path).text)
    except KehoachError as err:  # about this input file: named in the line
        _say(err, path)
        sys.exit(int(err.exit_code))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "outline"]), default="jsonl",
              show_default=True, help="jsonl: one record per line; json: indented; outline: the document tree.")
@click.option("--only", multiple=True, type=click.Choice(["references", "tasks"]),
              help="Run only these extractors (header fields are always read).")
def extract(paths, fmt, only):
    """Extract the record of each document in PATHS (files or directories).

    One JSON record per input, in input order, as described in the extraction
    spec. A file that cannot be read (in a folder: any file of a type kehoach
    does not read, too) gets one line on stderr naming it and the reason; the
    others still go through, and the exit status is 1.

    Examples:

        kehoach extract corpora/documents --format jsonl > records.jsonl

        kehoach extract plan.docx --format outline
    """
    from . import extract_document, iter_paths, outline_text, read_document

    failed = False
    for path in iter_paths(paths):
        try:
            doc = read_document(path)
            if fmt == "outline":
                click.echo(f"# {path}")
                click.echo(outline_text(doc))
                continue
            record = extract_document(doc, list(only) or None).to_dict()
            click.echo(json.dumps(record, ensure_ascii=False, indent=2 if fmt == "json" else None))
        except KehoachError as err:  # the other files still go through
            _say(err, path)
            failed = True
    sys.exit(int(ExitCode.some_inputs_failed) if failed else 0)


@cli.command(name="eval")
@click.argument("gold_dir", required=False, type=click.Path(exists=True, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--errors", is_flag=True, help="List every mismatch (with --audit: every miss) before the table.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--audit", is_flag=True,
              help="No gold: every argument is a document or folder; report the clauses with an assignment "
              "cue that give no assignment and the target numbers that give no quota.")
def eval_(gold_dir, paths, errors, as_json, audit):
    """Score extraction of PATHS against the gold records in GOLD_DIR.

    Each gold record GOLD_DIR/STEM.json is matched to the input whose file
    stem is STEM; PATHS may be files, directories, or a .jsonl of records
    made earlier by `kehoach extract`. Besides the spec's fields it reports
    `tasks`, the word F1 of the task texts of matched agency-role pairs.

    With --audit there is no gold: every argument is a document or folder,
    and the coverage audit lists what the text promises and the records do
    not hold.

    Examples:

        kehoach eval corpora/gold corpora/seeds corpora/documents

        kehoach eval --audit corpora/pool --errors
    """
    if audit:
        from . import audit_coverage

        coverage = audit_coverage([p for p in (gold_dir, *paths) if p is not None])
        if as_json:
            click.echo(json.dumps(coverage.as_dict(), ensure_ascii=False))
            return
        if errors:
            for m in coverage.misses:
                where = "" if m.implementing or m.kind != "assignment" else " (not a verb cue in an implementing section)"
                click.echo(f"{m.path}:{m.start}-{m.end}: {m.kind}{where}: {m.text}")
            click.echo()
        click.echo(coverage.table())
        return
    if gold_dir is None or not paths or not gold_dir.is_dir():
        raise click.UsageError("GOLD_DIR (a folder of gold records) and at least one PATH are needed "
                               "(or --audit PATH...).")
    from . import records_for_gold, score

    records = records_for_gold(gold_dir, paths)
    result = score(gold_dir, records)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    if errors:
        for e in result.errors:
            click.echo(e)
        click.echo()
    click.echo(result.table())


_DB_HELP_INGEST = ("Database: a URL (postgresql://USER@HOST/NAME for a shared database, sqlite:///PATH) or a "
                   "file path for SQLite [default: env KEHOACH_DB, else kehoach.db].")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", metavar="URL", help=_DB_HELP_INGEST)
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes extracting documents on this machine [default: one per CPU, at most 8; "
              "1 for fewer than 40 files].")
@click.option("--dask-address", metavar="tcp://HOST:PORT", help="Run the batches on an existing Dask cluster.")
def ingest(paths, db, workers, dask_address):
    """Load the documents in PATHS (files or directories) into the database.

    Files already loaded (same sha256) are skipped; a file changed since it was
    loaded replaces its old version; each document loads in one transaction.
    A document is stored once: another file of it (same issuer, number and
    date) is recorded as a copy, and its rows come from the better copy (text
    over OCR). Every file of a folder that cannot be read (of any type) goes to
    the `quarantine` table and is named on stderr with its reason (the exit
    status is still 0). Runs as a Prefect flow: it shows in
    the Prefect UI when PREFECT_API_URL is set, otherwise Prefect starts a
    temporary local server.

    Example:

        kehoach ingest corpora/ --db sqlite:///kehoach.db --workers 2
    """
    from . import run_ingest

    summary = run_ingest(paths, db=db, workers=workers, dask_address=dask_address, progress=True)
    click.echo("\n".join(summary.lines()))
    for line in summary.problems():
        click.echo(line, err=True)


_DB_HELP = ("Database: a URL (postgresql://USER@HOST/NAME, sqlite:///PATH) or a file path for SQLite "
            "[default: env KEHOACH_DB, else kehoach.db].")


@cli.command()
@click.option("--agency", metavar="TEXT", help="Agency, with or without diacritics, full or abbreviated "
              "(\"UBND xã\" finds UBND cấp xã).")
@click.option("--province", metavar="TEXT", help="Province of the documents (with or without diacritics, current or "
              "former name: \"Huế\" also finds Thừa Thiên Huế, a merged province also the ones merged into it).")
@click.option("--before", metavar="DATE", help="Due on or before DATE (YYYY-MM-DD, today, +30d). Alone it keeps past "
              "deadlines too, however old: use --due-within for what falls due from today.")
@click.option("--after", metavar="DATE", help="Due on or after DATE.")
@click.option("--due-within", metavar="DAYS", help="Due from today to DAYS days on (90d): --after today --before +90d.")
@click.option("--overdue", is_flag=True, help="Only one-off deadlines already past.")
@click.option("--role", type=click.Choice(["lead", "support", "requested"]), help="Only this role.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "summary"]), default="table",
              show_default=True, help="table: fits the terminal; csv: UTF-8 with a byte order mark (for "
              "spreadsheets); summary: counts per agency.")
@click.option("--db", metavar="URL", help=_DB_HELP)
def owes(agency, province, before, after, due_within, overdue, role, fmt, db):
    """Who owes what, by when: tasks of each agency with their due dates.

    One row per task: agency, role, task, due date (a recurring deadline shows
    its next occurrence from today and its rule; when the text gives no day,
    the period it falls in, such as "2026-12 (no day given)"), document number, province
    and the sentence it was read from. Soonest first; tasks without a
    deadline last. Agencies match with or without diacritics and by
    abbreviation ("so noi vu", "Sở NV" and "SỞ NỘI VỤ" all find Sở Nội vụ).
    The table's first line says which due dates are shown: --before alone
    includes the past, --due-within 90d only what falls due in the next 90 days.

    Examples:

        kehoach owes --agency "so noi vu" --due-within 90d

        kehoach owes --province "Nghệ An" --overdue --format csv > overdue.csv
    """
    from . import describe_window, format_rows, terminal_width
    from . import owes as owes_rows

    rows = owes_rows(db, agency=agency, province=province, before=before, after=after, overdue=overdue, role=role,
                     due_within=due_within)
    heading = describe_window(before, after, overdue, due_within)
    click.echo(format_rows(rows, fmt, heading=heading, width=terminal_width()))


@cli.command()
@click.option("--agency", metavar="TEXT", help="Only this agency's deadlines.")
@click.option("--province", metavar="TEXT", help="Only deadlines of this province's documents.")
@click.option("--db", metavar="URL", help=_DB_HELP)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .ics file to write.")
def calendar(agency, province, db, output):
    """Write the deadlines as an iCalendar (.ics) feed for a calendar program.

    One all-day event per deadline; recurring deadlines repeat (RRULE). The
    description holds the task, the agency and the document number.

    Example:

        kehoach calendar --agency "Sở Tài chính" -o so-tai-chinh.ics
    """
    from . import write_calendar

    count = write_calendar(output, db, agency=agency, province=province)
    click.echo(f"Wrote {count} events to {output}.")


@cli.command()
@click.option("--db", metavar="URL", help=_DB_HELP + " PostgreSQL is served from a SQLite snapshot.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def serve(db, port, host):
    """Browse the database in a web browser (Datasette, read-only).

    Facets by province, agency, role and year, full-text search with or
    without diacritics, and ready-made queries: who owes what for an agency,
    due in the next 30 days, overdue, targets by province, documents citing a
    document. Stop with Ctrl-C.

    Example:

        kehoach serve --db sqlite:///kehoach.db --port 8001   # then open http://127.0.0.1:8001
    """
    from . import serve_database

    serve_database(db, port=port, host=host)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write one file per table into.")
@click.option("--db", metavar="URL", help=_DB_HELP)
def export(fmt, out_dir, db):
    """Write every table to DIR as Parquet or CSV (UTF-8), one file per table.

    Example:

        kehoach export --format parquet -o export/ && python -c "import pandas; print(pandas.read_parquet('export/assignments.parquet'))"
    """
    from . import write_tables

    paths = write_tables(db, fmt, out_dir)
    click.echo(f"Wrote {len(paths)} files to {out_dir}: {', '.join(p.name for p in paths)}.")


def main():  # pragma: no cover
    cli()

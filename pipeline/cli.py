"""The ``kehoach`` command: each command a thin wrapper over one library call."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import ExitCode, KehoachError


def _fail(path, err: Exception) -> None:
    reason = err.reason if hasattr(err, "reason") else str(err) or type(err).__name__
    click.echo(f"kehoach: {path}: {reason}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="kehoach")
def cli():
    """kehoach turns Vietnamese administrative plans (kế hoạch, quyết định, chỉ thị,
    công văn) into records of who owes what by when: agencies and their roles,
    tasks, deadlines, quotas and citations, each with the page and character
    span it came from.

    Inputs: .txt (UTF-8, UTF-16, Windows-1258, TCVN3/ABC, VNI), .html, .docx,
    .pdf, and scans (.pdf, .png, .jpg, .tif) read with Tesseract. Directories
    are read recursively.
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
    except KehoachError as err:
        _fail(path, err)
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
    spec. A file that cannot be read gets one line on stderr naming it and the
    reason; the others still go through, and the exit status is 1.

    Examples:

        kehoach extract corpora/documents --format jsonl > records.jsonl

        kehoach extract plan.docx --format outline
    """
    from . import read_document
    from .extract.record import extract_document
    from .ingest import iter_paths
    from .segment import outline_text

    failed = False
    for path in iter_paths(paths):
        try:
            doc = read_document(path)
            if fmt == "outline":
                click.echo(f"# {path}")
                click.echo(outline_text(doc))
                continue
            record = extract_document(doc, only=list(only) or None).to_dict()
            click.echo(json.dumps(record, ensure_ascii=False, indent=2 if fmt == "json" else None))
        except KehoachError as err:
            _fail(path, err)
            failed = True
    sys.exit(int(ExitCode.some_inputs_failed) if failed else 0)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--errors", is_flag=True, help="List every mismatch before the table.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_(gold_dir, paths, errors, as_json):
    """Score extraction of PATHS against the gold records in GOLD_DIR.

    Each gold record GOLD_DIR/STEM.json is matched to the input whose file
    stem is STEM; PATHS may be files, directories, or a .jsonl of records
    made earlier by `kehoach extract`.

    Example:

        kehoach eval corpora/gold corpora/seeds corpora/documents
    """
    from .evaluate import records_for_gold, score

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


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", metavar="URL", help="Database URL [default: env KEHOACH_DB, else sqlite:///kehoach.db]; "
              "postgresql://USER@HOST/NAME for a shared database.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes extracting documents on this machine.")
@click.option("--dask-address", metavar="tcp://HOST:PORT", help="Run the batches on an existing Dask cluster.")
def ingest(paths, db, workers, dask_address):
    """Load the documents in PATHS (files or directories) into the database.

    Files already loaded (same sha256) are skipped; a file changed since it was
    loaded replaces its old version; each document loads in one transaction.
    Files that cannot be read go to the `quarantine` table and are listed at
    the end (the exit status is still 0). Runs as a Prefect flow: it shows in
    the Prefect UI when PREFECT_API_URL is set, otherwise Prefect starts a
    temporary local server.

    Example:

        kehoach ingest corpora/ --db sqlite:///kehoach.db --workers 2
    """
    from flows.ingest import run_ingest

    try:
        summary = run_ingest(paths, db=db, workers=workers, dask_address=dask_address, progress=True)
    except Exception as err:  # noqa: BLE001 (one line, not a traceback)
        click.echo(f"kehoach: ingest failed: {type(err).__name__}: {' '.join(str(err).split())[:300]}", err=True)
        sys.exit(int(getattr(err, "exit_code", ExitCode.run_failed)))
    click.echo("\n".join(summary.lines()))


def main():  # pragma: no cover
    cli()

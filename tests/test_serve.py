"""`kehoach serve` in a real headless Chromium: metadata, facets, search, canned queries, read-only.

The server runs as a subprocess on a free localhost port; Chromium (Debian's
``chromium`` and ``chromium-driver``) is driven with selenium. Screenshots of
the main views go to the test's tmp dir, or to $KEHOACH_SCREENSHOTS when set.
Skips only when Chromium is missing and env CI is unset.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [
    "seeds/001_7a113dd4bb8f1a7d.txt",        # 1068/KH-UBND (Ninh Thuận), cites 1526/QĐ-TTg
    "seeds/003_1b75eff83d3a58f3.txt",        # Hà Tĩnh, cites 1526/QĐ-TTg too
    "documents/bac-ninh-141-kh-ubnd-2025.txt",
    "documents/nghe-an-987-kh-ubnd-2025.txt",
]
COPIES = ["ocr/synth/s01_bac-ninh-141-kh-ubnd-2025.txt"]  # another file of 141/KH-UBND: a copy, not a document
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000"]


def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    return (browser, driver) if browser and driver else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def db_file(tmp_path_factory, corpus) -> Path:
    from pipeline.batch import ingest_paths
    from pipeline.query import engine_for, ensure_schema

    path = tmp_path_factory.mktemp("serve") / "kehoach.db"
    tally = ingest_paths(f"sqlite:///{path}", [corpus / p for p in DOCS + COPIES])
    assert (tally.loaded, tally.copies) == (len(DOCS), len(COPIES))
    engine = engine_for(f"sqlite:///{path}")
    ensure_schema(engine)  # what serve does first; after this the file must not change
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def server(db_file):
    """`kehoach serve` on a free port; yields its base URL and the file's hash before serving."""
    before = _sha(db_file)
    port = _free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", f"sqlite:///{db_file}",
                             "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"kehoach serve did not start:\n{log.read().decode(errors='replace')[-3000:]}")
                time.sleep(0.3)
        yield base, before
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    found = _chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are required in CI (apt-get install chromium chromium-driver)")
        pytest.skip("chromium or chromedriver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kehoach-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in CHROME_FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=found[1]), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    out = Path(os.environ.get("KEHOACH_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


def _open(driver, url: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, "footer")))


def _follow(driver, act) -> None:
    """Do ``act()`` (a click, a search) and wait until the page it leads to has replaced this
    one: reading right after a fixed sleep would read the old page when the machine is busy."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    act()
    WebDriverWait(driver, 60).until(ec.staleness_of(old))
    WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, "footer")))


def _column(driver, name: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [td.text for td in driver.find_elements(By.CSS_SELECTOR, f"table.rows-and-columns td.col-{name}")]


def _shot(driver, shots: Path, name: str, scroll_to: str = "table.rows-and-columns") -> Path:
    driver.execute_script("const el = document.querySelector(arguments[0]); if (el) el.scrollIntoView();", scroll_to)
    path = shots / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one
    return path


def test_home_page_shows_the_title_and_the_tables(server, browser, shots):
    from selenium.webdriver.common.by import By

    base, _ = server
    _open(browser, base + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "kehoach — who owes what, by when"
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Tasks, deadlines, targets and citations" in body and "3 views" in body
    _shot(browser, shots, "00-home", scroll_to="h1")
    _open(browser, base + "/kehoach")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Plans and obligations"
    links = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "a")}
    assert {"Who owes what — one agency", "Due in the next 30 days", "Overdue", "Targets by province",
            "Documents citing a document", "Documents stored from more than one file"} <= links
    _shot(browser, shots, "01-database", scroll_to="h1")


def test_obligations_are_faceted_by_province_agency_role_and_year(server, browser, shots):
    from selenium.webdriver.common.by import By

    base, _ = server
    _open(browser, base + "/kehoach/obligations")
    facets = {el.get_attribute("data-column") for el in browser.find_elements(By.CSS_SELECTOR, ".facet-info")}
    assert {"province", "agency", "role", "year"} <= facets
    province_facet = browser.find_element(By.CSS_SELECTOR, '.facet-info[data-column="province"]').text
    assert "Ninh Thuận" in province_facet and "Nghệ An" in province_facet
    described = browser.find_element(By.CSS_SELECTOR, ".table-description, .metadata-description").text
    assert "One row per task" in described
    _shot(browser, shots, "02-obligations-facets", scroll_to=".facet-results")
    # click a facet value like a person would
    link = browser.find_element(By.CSS_SELECTOR, '.facet-info[data-column="province"]').find_element(
        By.PARTIAL_LINK_TEXT, "Nghệ An")
    _follow(browser, link.click)
    assert set(_column(browser, "province")) == {"Nghệ An"}


def test_search_works_with_or_without_diacritics(server, browser, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, _ = server
    for words in ("so noi vu", "sở nội vụ"):
        _open(browser, base + "/kehoach/obligations")
        box = browser.find_element(By.CSS_SELECTOR, 'input[name="_search"]')
        _follow(browser, lambda: box.send_keys(words, Keys.ENTER))
        agencies = _column(browser, "agency")
        assert "Sở Nội vụ" in agencies, (words, agencies)
    _shot(browser, shots, "03-search")


def test_who_owes_what_for_an_agency_typed_as_an_abbreviation(server, browser, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, _ = server
    _open(browser, base + "/kehoach/owes_for_agency")
    box = browser.find_element(By.CSS_SELECTOR, 'input[name="agency"]')
    _follow(browser, lambda: box.send_keys("Sở KH&CN", Keys.ENTER))
    assert set(_column(browser, "agency")) == {"Sở Khoa học và Công nghệ"}
    dues = [d for d in _column(browser, "due_by") if d.strip()]
    assert dues and dues == sorted(dues)
    _shot(browser, shots, "04-owes-for-agency")


def test_a_cycle_whose_text_gives_no_day_says_so(server, browser):
    """"Hằng năm" (Sở Tư pháp in 141/KH-UBND): the year it falls in, no day made up."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = server
    _open(browser, base + "/kehoach/owes_for_agency")
    browser.find_element(By.CSS_SELECTOR, 'input[name="agency"]').send_keys("so tu phap", Keys.ENTER)
    WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, "td.col-agency")))
    rows = list(zip(_column(browser, "rule"), _column(browser, "due"), _column(browser, "due_by")))
    this_year = str(date.today().year)
    assert ("FREQ=YEARLY", f"{this_year} (no day given)", f"{this_year}-12-31") in rows


@pytest.mark.parametrize("path, column, expected", [
    ("/kehoach/documents_citing?number=" + quote("1526/QD-TTg"), "number", {"1068/KH-UBND"}),
    ("/kehoach/quotas_by_province?province=" + quote("ninh thuan"), "province", {"Ninh Thuận"}),
    ("/kehoach/copies_of_documents", "number", {"141/KH-UBND"}),
    ("/kehoach/overdue", "due", None),
    ("/kehoach/due_next_30_days", "due", None),
])
def test_canned_queries(server, browser, shots, path, column, expected):
    from selenium.webdriver.common.by import By

    base, _ = server
    _open(browser, base + path)
    values = _column(browser, column)
    if expected is not None:
        assert expected <= set(values)
    else:  # dates in the right window, in order; a cycle without its day shows its period
        assert all(len(v) == 10 or v.endswith("(no day given)") for v in values)
        assert all(len(v) == 10 for v in _column(browser, "due_by") if path.endswith("30_days"))
        assert "error" not in browser.find_element(By.TAG_NAME, "body").text.lower()
    _shot(browser, shots, "05-" + path.split("/")[2].split("?")[0])


def test_the_database_is_served_read_only(server, db_file):
    base, before = server
    with urllib.request.urlopen(f"{base}/-/databases.json", timeout=10) as resp:
        (info,) = json.load(resp)
    assert info["name"] == "kehoach" and info["is_mutable"] is False
    sql = quote("delete from assignments")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/kehoach.json?sql={sql}", timeout=10)
    assert refused.value.code == 400 and json.load(refused.value)["ok"] is False
    with urllib.request.urlopen(f"{base}/kehoach/assignments.json?_size=0", timeout=10) as resp:
        assert json.load(resp)["filtered_table_rows_count"] > 0
    assert _sha(db_file) == before


def test_serve_refuses_a_missing_database(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--db", f"sqlite:///{tmp_path}/none.db"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"kehoach: {tmp_path}/none.db: no such database (run `kehoach ingest` first)"


@pytest.mark.postgres
def test_a_postgresql_database_is_served_from_a_sqlite_snapshot(postgres_url, corpus, tmp_path):
    from pipeline.batch import ingest_paths
    from pipeline.store import connect
    from pipeline.serve import prepare
    from pipeline.search import search
    from pipeline.store import table_counts

    ingest_paths(postgres_url, [corpus / DOCS[0], corpus / DOCS[2]])
    path = prepare(postgres_url, tmp_path)
    assert path.parent == tmp_path and path.suffix == ".db"
    pg, lite = connect(postgres_url), connect(f"sqlite:///{path}")
    assert table_counts(lite) == table_counts(pg)
    assert [r["task"] for r in search(lite, "so noi vu")] and \
        sorted(r["task"] for r in search(lite, "so noi vu")) == sorted(r["task"] for r in search(pg, "so noi vu"))
    with lite.connect() as conn:  # the views the web UI needs
        views = {r[0] for r in conn.exec_driver_sql("select name from sqlite_master where type = 'view'")}
    assert {"obligations", "deadline_links"} <= views
    pg.dispose()
    lite.dispose()

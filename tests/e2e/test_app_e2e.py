"""End to end: start `python app.py --offline` on the bundled samples, drive it in headless Chromium, call its API.

Needs Debian's chromium (CI installs it with apt); skipped with a reason where it is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.serving import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
QUESTION = "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?"
RAMMEAFTALE_CASE = "15.00.00-A00-10-21"
NOEGLETAL_CASE = "00.00.00-P19-1719-10"
APOSTROPHE_QUESTION = """Hvilket punkt er 'Strategi for socialt udsatte området' & "strategien" <i forlængelse af>?"""
APOSTROPHE_QUOTE = ("«Punktet er i forlængelse af punkt 41. 'Strategi for socialt udsatte området' fra dagsorden den "
                    "18. maj 2021.»")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.e2e


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("app-data")
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "app-e2e.log"  # kept after the run: the server side of any failure
    port = free_port()
    env = {**os.environ, "REFERAT_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--offline", "--port", str(port), "--data", str(data),
             "--municipality", "Herning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url, process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def page(app_url: str):
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium); the browser test needs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="da-DK")
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(app_url)
            # The status line switches from "Indlæser …" to the counts once the samples are in.
            page.locator("#ref-status .ref-status-line").get_by_text("punkter").wait_for()
            yield page
        finally:
            browser.close()


def test_the_page_is_danish_with_a_one_line_status(page) -> None:
    from playwright.sync_api import expect

    assert page.locator("html").get_attribute("lang") == "da"
    line = page.locator("#ref-status .ref-status-line")
    expect(line).to_have_text("Herning Kommune · 2 møder · 20 punkter · Offline-tilstand: søgning uden sprogmodel")
    assert "&#" not in line.inner_text()
    expect(page.locator("#ref-status .ref-status-details")).to_be_hidden()  # details on demand
    expect(page.locator("#ref-footer")).to_contain_text("citeret ordret")
    expect(page.get_by_text("Use via API")).to_have_count(0)


def test_question_shows_quoted_decision_and_source_card(page) -> None:
    from playwright.sync_api import expect

    page.locator("#ref-question textarea").fill(QUESTION)
    page.locator("#ref-ask").click()
    card = page.locator("#ref-chat .ref-card").first
    expect(card).to_contain_text("Rammeaftale for KKR Midtjylland")
    expect(card.locator(".ref-meta")).to_have_text(
        "Herning KommuneBeskæftigelsesudvalget, 23. juni 2021 (referat), punkt 3: Rammeaftale for KKR Midtjylland "
        "om samarbejde og "
        f"koordinering af tilbud om danskuddannelse · sag {RAMMEAFTALE_CASE}")
    expect(card.locator(".ref-decision")).to_contain_text("Indstillingen blev tiltrådt.")
    answer = page.locator("#ref-chat .ref-answer").last
    expect(answer).to_contain_text("Indstillingen blev tiltrådt.")
    # The direct answer comes first, and the view shows the start of the answer.
    expect(answer.locator(".ref-lead")).to_have_text(
        "Beslutning, Beskæftigelsesudvalget den 23. juni 2021: «Indstillingen blev tiltrådt.» [1]")
    expect(answer.locator(".ref-lead")).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "app-answer-start.png"))  # docs/screenshot.png is taken from this one
    # [1] scrolls to its card and marks the quoted passage there.
    answer.locator(".ref-lead a.ref-cite").click()
    expect(card).to_have_class(re.compile(r"\bref-hl\b"))
    quote = card.locator(".ref-quote").first
    expect(quote).to_have_css("background-color", "rgb(253, 230, 138)")
    expect(quote).to_be_in_viewport()

    # The whole item is one click away.
    card.locator("summary").click()
    expect(card.locator(".ref-fulltext")).to_contain_text("Sagsnr.")
    marked = card.locator(".ref-fulltext mark.ref-q")
    expect(marked.filter(has_text="Indstillingen blev tiltrådt.")).to_have_count(1)
    card.locator("summary").click()

    page.screenshot(path=str(ARTIFACTS / "app-answer.png"), full_page=True)

    # The case link under the chat opens the case's history.
    page.locator(f'#ref-case-links [data-case="{RAMMEAFTALE_CASE}"]').click()
    expect(page.locator("#ref-case textarea")).to_have_value(RAMMEAFTALE_CASE)
    expect(page.locator("#ref-case-view .ref-treatment")).to_have_count(1)


def test_case_history_lists_every_treatment_with_the_latest_marked(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Sagsforløb").click()
    page.locator("#ref-case textarea").fill(NOEGLETAL_CASE)
    page.locator("#ref-case-show").click()
    treatments = page.locator("#ref-case-view .ref-treatment")
    expect(treatments).to_have_count(2)
    expect(treatments.nth(0)).to_contain_text("20. oktober 2020")
    expect(treatments.nth(0)).to_contain_text("ingen beslutning")
    expect(treatments.nth(1)).to_contain_text("23. juni 2021")
    expect(treatments.nth(1)).to_contain_text("Seneste behandling")
    expect(treatments.nth(0)).not_to_contain_text("Seneste behandling")
    page.screenshot(path=str(ARTIFACTS / "app-case-history.png"), full_page=True)


def test_quotes_show_apostrophes_and_quotation_marks_as_written(page) -> None:
    """The source quotes a title in apostrophes; the question holds ' " & < >: both show exactly as typed/written."""
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Spørg").click()
    page.locator("#ref-question textarea").fill(APOSTROPHE_QUESTION)
    page.locator("#ref-ask").click()
    bubble = page.locator("#ref-chat .message.user, #ref-chat [data-testid='user']").last
    expect(bubble).to_contain_text(APOSTROPHE_QUESTION)
    answer = page.locator("#ref-chat .ref-answer").last
    expect(answer).to_contain_text(APOSTROPHE_QUOTE)
    assert "&#" not in page.locator("#ref-chat").inner_text()


def test_a_follow_up_inherits_the_last_answer_until_the_chat_is_cleared(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Spørg").click()
    answers = page.locator("#ref-chat .ref-answer")
    for question in ("Hvor mange er arbejdsløse i Herning?", "Og for hele landet?"):
        count = answers.count()
        page.locator("#ref-question textarea").fill(question)
        page.locator("#ref-ask").click()
        expect(answers).to_have_count(count + 1)
    expect(answers.last.locator(".ref-lead")).to_contain_text("Hele landet 4,2%")
    page.get_by_role("button", name="Ryd samtalen").click()
    expect(answers).to_have_count(0)
    page.locator("#ref-question textarea").fill("Og for hele landet?")
    page.locator("#ref-ask").click()
    expect(answers).to_have_count(1)
    expect(answers.last.locator(".ref-lead")).to_contain_text("Ingen beslutning endnu")


def test_prepare_meeting_renders_the_brief(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Forbered møde").click()
    # The default is a real meeting: the latest held one (the samples have no upcoming meeting).
    expect(page.locator("#ref-meeting input")).to_have_value("Beskæftigelsesudvalget · 23. juni 2021 · referat · "
                                                             "Herning Kommune")
    page.locator("#ref-prepare").click()
    expect(page.locator("#ref-brief")).to_contain_text("Forberedelse: Beskæftigelsesudvalget, 23. juni 2021")
    with page.expect_download() as download:
        page.locator("#ref-download").click()
    assert download.value.suggested_filename.startswith("referat-forberedelse-")
    assert "# Forberedelse: Beskæftigelsesudvalget" in Path(download.value.path()).read_text(encoding="utf-8")
    with page.expect_download() as word:
        page.locator("#ref-download-docx").click()
    assert word.value.suggested_filename.endswith(".docx")
    import docx

    document = docx.Document(word.value.path())
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert [h.split(":")[0] for h in headings] == [f"Punkt {n}" for n in range(1, 8)]
    assert document.paragraphs[0].text == "Forberedelse: Beskæftigelsesudvalget, 23. juni 2021"


def test_api_ask_returns_citations(app_url: str) -> None:
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    text, citations = client.predict(question=QUESTION, api_name="/ask")
    assert "Indstillingen blev tiltrådt." in text
    first = citations[0]
    assert first["title"].startswith("Rammeaftale for KKR Midtjylland")
    assert first["case_number"] == RAMMEAFTALE_CASE
    assert first["committee"] == "Beskæftigelsesudvalget"
    assert first["date"] == "2021-06-23" and first["kind"] == "referat"
    assert first["decision"] == "Indstillingen blev tiltrådt."
    assert any("Indstillingen blev tiltrådt." in q["text"] for q in first["quotes"])

    history = client.predict(case_number=NOEGLETAL_CASE, api_name="/case_history")
    assert [t["date"] for t in history] == ["2020-10-20", "2021-06-23"]
    assert [t["latest"] for t in history] == [False, True]

    meetings = client.predict(api_name="/meetings")
    brief = client.predict(meeting_id=meetings[0]["id"], api_name="/prepare_meeting")
    assert brief.startswith("# Forberedelse: Beskæftigelsesudvalget")

    message, none = client.predict(question="  ", api_name="/ask")
    assert none == [] and "Skriv et spørgsmål" in message


def test_api_ask_filters_by_municipality(app_url: str) -> None:
    """The samples are ingested as Herning: any case and "Kommune" find them, another municipality finds nothing,
    and a municipality that is not text is refused in one Danish line."""
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    _, citations = client.predict(question=QUESTION, municipality="herning kommune", api_name="/ask")
    assert citations[0]["case_number"] == RAMMEAFTALE_CASE
    assert {c["municipality"] for c in citations} == {"Herning"}
    _, none = client.predict(question=QUESTION, municipality="Greve", api_name="/ask")
    assert none == []
    message, refused = client.predict(question=QUESTION, municipality=7, api_name="/ask")
    assert refused == [] and message == "Parameteren «municipality» skal være tekst, ikke et tal."

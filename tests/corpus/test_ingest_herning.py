from __future__ import annotations

from datetime import date, time

from ingest.model import MeetingKind, Publication, SectionKind


def test_minutes_meeting_header(herning_minutes: Publication) -> None:
    meeting = herning_minutes.meeting
    assert (meeting.committee, meeting.date, meeting.place, meeting.kind) == (
        "Beskæftigelsesudvalget", date(2021, 6, 23), "C3.40", MeetingKind.REFERAT)


def test_minutes_have_seven_items_each_with_a_decision(herning_minutes: Publication) -> None:
    items = herning_minutes.items
    assert [i.number for i in items] == ["1", "2", "3", "4", "5", "6", "7"]
    assert all(i.decision for i in items)


def test_minutes_danskuddannelse_decision_and_recommendation(herning_minutes: Publication) -> None:
    item = next(i for i in herning_minutes.items if "danskuddannelse" in i.title)
    assert item.title == ("Rammeaftale for KKR Midtjylland om samarbejde og koordinering af tilbud om "
                          "danskuddannelse")
    assert item.case_number == "15.00.00-A00-10-21"
    assert item.case_officer == "Hans Christian Mikkelsen"
    assert item.decision == "Indstillingen blev tiltrådt."
    assert item.recommendation == (
        "Direktøren for Social, Sundhed og Beskæftigelse indstiller\n\nat Herning Kommune tilslutter sig "
        "rammeaftalen om samarbejde og koordinering af tilbud om danskuddannelse til voksne udlændinge.")


def test_minutes_last_item_decision(herning_minutes: Publication) -> None:
    last = herning_minutes.items[-1]
    assert last.title == "Meddelelser til og fra formanden og udvalgets medlemmer"
    assert last.decision == "Intet."


def test_minutes_committee_abbreviation_grid_is_not_content(herning_minutes: Publication) -> None:
    for item in herning_minutes.items:
        lines = {line.strip() for s in item.sections for line in s.text.splitlines()}
        assert not lines & {"DIR", "FOU", "BFU", "BYR", "XØvrige sagsbehandlere: -"}, item.title


def test_minutes_section_order(herning_minutes: Publication) -> None:
    kinds = [s.kind for s in herning_minutes.items[0].sections]
    assert kinds == [SectionKind.RESUME, SectionKind.SAGSFREMSTILLING, SectionKind.INDSTILLING,
                     SectionKind.BESLUTNING]


def test_agenda_meeting_header(herning_agenda: Publication) -> None:
    meeting = herning_agenda.meeting
    assert (meeting.committee, meeting.date, meeting.time, meeting.place, meeting.kind) == (
        "Beskæftigelsesudvalget", date(2020, 10, 20), time(8, 0), "A1.158", MeetingKind.DAGSORDEN)


def test_agenda_has_thirteen_items_72_to_84_without_decisions(herning_agenda: Publication) -> None:
    items = herning_agenda.items
    assert [i.number for i in items] == [str(n) for n in range(72, 85)]
    assert all(i.decision is None for i in items)


def test_agenda_titles_and_case_numbers(herning_agenda: Publication) -> None:
    first, last = herning_agenda.items[0], herning_agenda.items[-1]
    assert (first.title, first.case_number) == ("Udbud danskuddannelsen - efteråret 2020", "15.00.00-A00-13-20")
    assert (last.title, last.case_number) == ("Meddelelser til og fra formanden og udvalgets medlemmer",
                                              "00.00.00-P19-662-17")


def test_agenda_table_of_contents_is_not_an_item(herning_agenda: Publication) -> None:
    assert not any("Indholdsfortegnelse" in i.text for i in herning_agenda.items)


def test_agenda_tables_stay_tab_separated(herning_agenda: Publication) -> None:
    assert "Spørgefrist:\t07-12-2020" in herning_agenda.items[0].text


def test_agenda_attachments(herning_agenda: Publication) -> None:
    attachments = herning_agenda.items[0].attachments
    assert len(attachments) == 9
    assert attachments[-1] == "Udvalgsmøde oktober. Udbudsbetingelser."

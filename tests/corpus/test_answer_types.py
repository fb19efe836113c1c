"""Issue 12's failure kinds on the Herning samples: case officers, meeting overviews, follow-ups, labelled rows,
and no unrelated item presented as the answer."""

from __future__ import annotations

from index import Engine, Filters, QuestionKind


def test_case_officer_is_quoted_for_the_item(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvem er sagsbehandler på strategien for socialt udsatte?")
    first = answer.citations[0]
    assert first.item.case_number == "15.00.00-A00-8-21"
    assert [q.text for q in first.quotes] == ["Sagsbehandler: Julie Solveig Jessen"]
    assert answer.lead.startswith("«Sagsbehandler: Julie Solveig Jessen» [1]")


def test_meeting_question_lists_every_item_with_its_decision(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad skete der på mødet den 23. juni 2021?")
    assert answer.kind is QuestionKind.MEETING
    assert [c.item.number for c in answer.citations] == ["1", "2", "3", "4", "5", "6", "7"]
    assert answer.lead == "På mødet i Beskæftigelsesudvalget den 23. juni 2021 blev 7 punkter behandlet:"
    row = "Punkt 2 «Tilsynsrapport for Misbrugscenter Herning» – besluttet: «Taget til efterretning.» [2]"
    assert row in answer.text


def test_table_row_is_quoted_with_its_label(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad var bruttoledigheden i april 2021?")
    row = next(q for q in answer.citations[0].quotes if q.text.startswith("Status april 2021: Herning 3,3%"))
    assert row.about == "Bruttoledighed:"
    assert "«Bruttoledighed:» «Status april 2021: Herning 3,3%; Hele landet 4,2%»" in answer.text


def test_follow_up_inherits_the_case_of_the_previous_answer(herning_engine: Engine) -> None:
    first = herning_engine.ask("Hvad besluttede udvalget om rammeaftalen for danskuddannelse?")
    assert first.scope is not None and first.scope.case_numbers == frozenset({"15.00.00-a00-10-21"})
    second = herning_engine.ask("Og hvad var indstillingen?", previous=first.scope)
    assert second.citations[0].item.case_number == "15.00.00-A00-10-21"


def test_only_decisions_never_presents_an_unrelated_decision(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad besluttede udvalget om saunaen i svømmehallen?", Filters(with_decision=True))
    assert not answer.found and answer.citations == ()


def test_cited_runners_up_clear_the_threshold(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad besluttede udvalget om tilsynsrapporten for Misbrugscenter Herning?")
    assert {c.item.case_number for c in answer.citations} == {answer.citations[0].item.case_number}

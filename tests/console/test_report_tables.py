"""The report's tables as CSV: numbers as numbers, none as empty, and no cell a spreadsheet would run as a formula
(a service's name comes from what users typed)."""

import csv
import io

from console.report_tables import Column, Table, shown, to_csv


def words(key: str, **values: object) -> str:
    return key.rsplit(".", 1)[-1]


def test_formulas_are_defused_and_figures_stay_numbers() -> None:
    table = Table("volumes", "=HYPERLINK(\"x\")", (Column("tickets", "n"), Column("rate", "pct"),
                                                 Column("time", "dur")),
                  (("=1+1", (3, 0.125, 3900.4)), ("@SUM(A1)", (0, None, None)), ("-2", (1, 1.0, 59))))
    rows = list(csv.reader(io.StringIO(to_csv([table], words))))
    assert rows[0] == ["table", "row", "column", "value"]
    assert rows[1:4] == [["'=HYPERLINK(\"x\")", "'=1+1", "tickets", "3"], ["'=HYPERLINK(\"x\")", "'=1+1", "rate",
                                                                             "12.5"],
                         ["'=HYPERLINK(\"x\")", "'=1+1", "time", "3900"]]
    assert [row[1] for row in rows[4:]] == ["'@SUM(A1)"] * 3 + ["'-2"] * 3
    assert rows[5][3] == "" and rows[6][3] == ""


def test_on_screen_figures_read_as_people_say_them() -> None:
    assert [shown(0.8, "pct"), shown(3900, "dur"), shown(600, "dur"), shown(4.25, "score"), shown(None, "n")] == [
        "80.0 %", "1 h 05 min", "10 min", "4.25 / 5", "—"]

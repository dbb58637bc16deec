"""The SVG bar chart names itself for assistive technology, points to the table that says the same in words when
asked to, and escapes what it is given."""

from servicedesk.reports.charts import bar_chart


def test_a_chart_has_its_title_and_points_to_its_table() -> None:
    svg = bar_chart([("P2", 2), ("P3", 7)], title="Tickets by priority", described_by="by-priority")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"')
    assert 'aria-label="Tickets by priority" aria-describedby="by-priority"><title>Tickets by priority</title>' in svg
    assert svg.count("<rect") == 2 and 'width="320.0"' in svg  # the largest value fills the bar


def test_without_a_table_it_points_nowhere_and_escapes_everything() -> None:
    svg = bar_chart([("<script>", 1)], title='"quoted" & <b>')
    assert "aria-describedby" not in svg and "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'aria-label="&quot;quoted&quot; &amp; &lt;b&gt;"' in svg


def test_nothing_to_scale_by_draws_empty_bars() -> None:
    assert 'class="bar"' in (svg := bar_chart([("none", 0)], title="Empty")) and 'width="0"' in svg

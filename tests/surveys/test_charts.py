"""Server-drawn SVG charts: accessible markup, the right numbers, readable colours."""

from django.template.loader import render_to_string

from surveys.charts import (
    Share,
    bar_chart,
    scale_colours,
    stacked_chart,
    text_colour,
)

SPLIT = [
    Share("4", "Melko riittävät", 66, 42, "#08306b"),
    Share("3", "Ei riittävät eikä riittämättömät", 19, 12, "#bdbdbd"),
    Share("2", "Melko riittämättömät", 67, 43, "#d94801"),
    Share("cant_say", "En osaa sanoa", 5, 3, "#d9d9d9"),
]


def render(chart) -> str:
    return render_to_string("surveys/charts/chart.html", {"chart": chart})


def test_stacked_chart_is_an_accessible_image_with_the_numbers():
    chart = stacked_chart(
        chart_id="chart-resources",
        title="Kuinka riittävät resurssit ovat?",
        rows=[("Kaikki vastaukset (157)", SPLIT)],
    )
    svg = render(chart)
    assert (
        '<svg role="img" aria-labelledby="chart-resources-title chart-resources-desc"'
        in svg
    )
    assert (
        '<title id="chart-resources-title">Kuinka riittävät resurssit ovat?</title>'
        in svg
    )
    assert (
        "Melko riittävät 42 % (66); Ei riittävät eikä riittämättömät 12 % (19); "
        "Melko riittämättömät 43 % (67); En osaa sanoa 3 % (5)"
    ) in svg
    for percent in ("42 %", "12 %", "43 %"):
        assert f">{percent}</text>" in svg
    # A 3 % sliver is too narrow for its label; the number is in the title and table.
    assert ">3 %</text>" not in svg
    assert "<title>En osaa sanoa: 3 % (5)</title>" in svg


def test_segments_are_as_wide_as_their_share_and_fill_the_bar():
    chart = stacked_chart(chart_id="c", title="T", rows=[("Kaikki", SPLIT)])
    segments = chart.rows[0].segments
    assert segments[0].x == 0
    assert abs(sum(s.width for s in segments) - 640) < 0.05
    assert segments[0].width == round(640 * 66 / 157, 2)


def test_labels_are_escaped():
    chart = bar_chart(
        chart_id="c",
        title="<script>alert(1)</script>",
        shares=[Share("a", "<b>Kyllä</b>", 3, 100)],
    )
    svg = render(chart)
    assert "<script>" not in svg
    assert "&lt;b&gt;Kyllä&lt;/b&gt;" in svg


def test_bar_chart_draws_one_bar_per_option_with_its_value():
    chart = bar_chart(
        chart_id="chart-support",
        title="Tuki",
        shares=[
            Share("training", "Koulutusta", 2, 100),
            Share("peer", "Vertaistukea", 1, 50),
        ],
    )
    assert [row.value_text for row in chart.rows] == ["100 % (2)", "50 % (1)"]
    assert chart.rows[1].segments[0].width == chart.rows[0].segments[0].width / 2


def test_scale_colours_are_symmetric_and_text_stays_readable():
    assert scale_colours(5) == ["#08306b", "#6baed6", "#bdbdbd", "#fdae6b", "#7f2704"]
    assert scale_colours(2) == ["#08306b", "#7f2704"]
    assert text_colour("#08306b") == "#ffffff"
    assert text_colour("#fdae6b") == "#000000"


def test_legend_wraps_to_the_width():
    long = [
        Share(str(i), f"Vaihtoehto numero {i} pitkällä nimellä", 1, 10, "#bdbdbd")
        for i in range(6)
    ]
    chart = stacked_chart(chart_id="c", title="T", rows=[("Kaikki", long)])
    assert len({item.y for item in chart.legend}) > 1
    assert all(item.x < 640 for item in chart.legend)

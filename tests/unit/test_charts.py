"""The web app's SVG charts: well-formed XML, bars in proportion, labels escaped, empty data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from timeledger.web import charts

NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _bars(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:rect[@class='bar']", NS)


def test_bar_chart_is_valid_svg_with_title_and_values():
    bars = [charts.Bar("Mon 2", 9000), charts.Bar("Tue 3", 3600), charts.Bar("Wed 4", 0)]
    root = _parse(charts.bar_chart(bars, "Hours per day"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Hours per day"
    assert root.find("svg:desc", NS).text == "Mon 2: 2:30 h; Tue 3: 1:00 h; Wed 4: 0:00 h"
    labelled_by = root.get("aria-labelledby").split()
    assert [root.find(f".//*[@id='{i}']", NS) is not None for i in labelled_by] == [True, True]
    rects = _bars(root)
    assert len(rects) == 3
    assert [r.find("svg:title", NS).text for r in rects] == ["Mon 2: 2:30", "Tue 3: 1:00", "Wed 4: 0:00"]
    # Colours follow the page: currentColor (the stylesheet maps it onto --accent).
    assert {r.get("fill") for r in rects} == {"currentColor"}


def test_bar_heights_are_proportional_and_share_one_baseline():
    bars = [charts.Bar("a", 7200), charts.Bar("b", 3600), charts.Bar("c", 1800), charts.Bar("d", 0)]
    rects = _bars(_parse(charts.bar_chart(bars, "t")))
    heights = [float(r.get("height")) for r in rects]
    assert heights[0] > 0
    assert abs(heights[1] / heights[0] - 0.5) < 0.01 and abs(heights[2] / heights[0] - 0.25) < 0.01
    assert heights[3] == 0
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert len(bottoms) == 1


def test_axis_labels_in_hours_reach_the_highest_bar():
    root = _parse(charts.bar_chart([charts.Bar("x", 3600 * 7 + 1200)], "t"))
    ticks = [t.text for t in root.findall(".//svg:text[@class='axis']", NS)]
    assert ticks[0] == "0 h"
    assert all(t.endswith(" h") for t in ticks)
    assert float(ticks[-1][:-2]) >= 7.34
    assert ticks == ["0 h", "2 h", "4 h", "6 h", "8 h"]


def test_labels_and_titles_are_escaped():
    evil = '<script>alert("x")</script> & Co'
    svg = charts.bar_chart([charts.Bar(evil, 3600, tooltip=evil)], f"{evil} title")
    assert "<script>" not in svg
    root = _parse(svg)
    assert root.find("svg:title", NS).text == f"{evil} title"
    assert root.find(".//svg:text[@class='label']", NS).text == evil
    shares = charts.share_chart([charts.Share(evil, 60, '"red" onload="x"')], evil)
    assert "<script>" not in shares and "onload" not in shares
    root = _parse(shares)
    assert root.find(".//svg:rect[@class='bar']", NS).get("fill") == "currentColor"  # a bad colour is dropped


def test_empty_data_and_a_single_day():
    for bars in ([], [charts.Bar("Mon 2", 0)]):
        root = _parse(charts.bar_chart(bars, "Nothing"))
        assert root.find(".//svg:text[@class='empty']", NS).text == "No time in this range"
        assert all(float(r.get("height")) == 0 for r in _bars(root))
    assert _parse(charts.bar_chart([], "Nothing")).find("svg:desc", NS).text == "No time in this range"
    one = _parse(charts.bar_chart([charts.Bar("Mon 2", 1800)], "One"))
    assert len(_bars(one)) == 1 and float(_bars(one)[0].get("height")) > 0
    assert _parse(charts.share_chart([], "None")).find(".//svg:text[@class='empty']", NS) is not None


def test_share_chart_lengths_and_percentages():
    rows = [charts.Share("Website", 3000, "#1f6feb"), charts.Share("Docs", 1000)]
    root = _parse(charts.share_chart(rows, "By project"))
    rects = _bars(root)
    widths = [float(r.get("width")) for r in rects]
    assert abs(widths[1] / widths[0] - 1 / 3) < 0.01
    assert rects[0].get("fill") == "#1f6feb"
    assert [t.text for t in root.findall(".//svg:text[@class='value']", NS)] == ["0:50 · 75.0%", "0:17 · 25.0%"]
    assert "Website: 0:50 h, 75.0%" in root.find("svg:desc", NS).text


def test_many_bars_thin_their_labels():
    bars = [charts.Bar(f"{d} Mar", 3600) for d in range(1, 32)]
    root = _parse(charts.bar_chart(bars, "March"))
    assert len(_bars(root)) == 31
    assert 0 < len(root.findall(".//svg:text[@class='label']", NS)) < 31


def test_nice_steps():
    assert charts.nice_step(0) == 1.0
    assert charts.nice_step(8) == 2
    assert charts.nice_step(10) == 2.5
    assert charts.nice_step(0.5) == 0.2
    assert charts.hours_text(5430) == "1:31"

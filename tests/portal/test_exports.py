import csv
import datetime
import io

from django.utils import translation

from openpyxl import load_workbook

from portal.exports import csv_response, neutralise_csv, safe_cell, xlsx_response

UTC = datetime.UTC
HEADER = ["Nimi", "Osallistui", "Ilmoittautui", "Kesällä", "Päivä", "Tyhjä"]
ROW = [
    "Äijälä",
    True,
    datetime.datetime(2027, 1, 20, 7, 0, 30, 123456, tzinfo=UTC),
    datetime.datetime(2027, 7, 1, 6, 15, tzinfo=UTC),
    datetime.date(2027, 1, 20),
    None,
]

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1"]


def test_safe_cell_prefixes_formula_like_text():
    for value in DANGEROUS:
        assert safe_cell(value) == "'" + value


def test_safe_cell_leaves_numbers_and_plain_text():
    assert safe_cell(-5) == -5
    assert safe_cell("-5") == "-5"
    assert safe_cell("+3,5") == "+3,5"
    assert safe_cell("Helsinki") == "Helsinki"
    assert safe_cell("") == ""


def test_csv_response_neutralises_every_dangerous_cell():
    response = csv_response("export", ["=header"], [[value] for value in DANGEROUS])
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["'=header"]
    assert [row[0] for row in rows[1:]] == ["'" + value for value in DANGEROUS]
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'


def test_xlsx_response_stores_formula_like_text_as_text():
    response = xlsx_response("export", ["Name"], [['=HYPERLINK("x")', 3]])
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet["A2"].value == '\'=HYPERLINK("x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 3


def test_csv_is_utf8_with_a_bom_and_shows_yes_no_and_local_minutes():
    with translation.override("fi"):
        response = csv_response("export", HEADER, [ROW, ["Ö", False, "", "", "", ""]])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbfNimi,")
    assert "Äijälä".encode() in response.content
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1] == [
        "Äijälä",
        "Kyllä",
        "2027-01-20 09:00",
        "2027-07-01 09:15",
        "2027-01-20",
        "",
    ]
    assert rows[2][1] == "Ei"
    assert response.content.count(b"\xef\xbb\xbf") == 1


def test_xlsx_has_local_date_times_to_the_minute_and_yes_no_words():
    with translation.override("sv"):
        response = xlsx_response("export", HEADER, [ROW])
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active

    name, attended, registered, summer, day, empty = next(sheet.iter_rows(min_row=2))
    assert (name.value, attended.value, empty.value) == ("Äijälä", "Ja", None)
    assert registered.value == datetime.datetime(2027, 1, 20, 9, 0)
    assert registered.number_format == "yyyy-mm-dd hh:mm"
    assert summer.value == datetime.datetime(2027, 7, 1, 9, 15)
    assert day.value.date() == datetime.date(2027, 1, 20)
    assert day.number_format == "yyyy-mm-dd"


def test_neutralise_csv_prefixes_formula_cells_and_keeps_the_rest():
    text = '\ufeffNimi,Määrä\r\n"=HYPERLINK(""x"")",-3\r\n"rivi\nkaksi",@a\r\n'
    rows = list(csv.reader(io.StringIO(neutralise_csv(text).removeprefix("\ufeff"))))
    assert neutralise_csv(text).startswith("\ufeff")
    assert rows == [
        ["Nimi", "Määrä"],
        ['\'=HYPERLINK("x")', "-3"],
        ["rivi\nkaksi", "'@a"],
    ]


def test_neutralise_csv_leaves_a_neutralised_file_as_it_is():
    once = neutralise_csv("=1,+A2,+2\r\n")
    assert neutralise_csv(once) == once == "'=1,'+A2,+2\r\n"

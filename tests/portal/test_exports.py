import csv
import io

from openpyxl import load_workbook

from portal.exports import csv_response, neutralise_csv, safe_cell, xlsx_response

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

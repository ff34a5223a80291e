import datetime
import io
import zipfile

import pytest
from conftest import load_addon_module

xlsx_stream = load_addon_module("citizen_service", "tools/xlsx_stream.py")
openpyxl = pytest.importorskip("openpyxl")


def _book(rows, columns=None):
    columns = columns or [
        ("Folio", 10, xlsx_stream.TEXT),
        ("Edad", 8, xlsx_stream.NUMBER),
        ("Fecha", 11, xlsx_stream.DATE),
        ("Creado", 16, xlsx_stream.DATETIME),
    ]
    out = io.BytesIO()
    sheet = xlsx_stream.XlsxStream(out, "Reportes", columns, row_count=len(rows))
    for start in range(0, len(rows), 2):
        sheet.write_rows(rows[start : start + 2])
    sheet.close()
    return out.getvalue()


def test_column_letters():
    assert [xlsx_stream.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_excel_dates():
    assert xlsx_stream.excel_date(datetime.date(1900, 3, 1)) == 61
    assert xlsx_stream.excel_date(datetime.datetime(2026, 1, 1, 12, 0)) == 46023.5


def test_round_trip_with_openpyxl():
    rows = [
        ["0000001", 34, datetime.date(2026, 3, 5), datetime.datetime(2026, 3, 1, 10, 30)],
        ['<b>& "León" \' ', None, None, datetime.datetime(2026, 3, 2, 0, 0)],
        ["con\x01control\x1f", 0.5, datetime.date(2026, 1, 1), None],
        ["", 7, None, None],
        ["x" * 40000, None, None, None],
    ]
    data = _book(rows)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Reportes"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Folio", "Edad", "Fecha", "Creado")
    assert values[1] == (
        "0000001",
        34,
        datetime.datetime(2026, 3, 5),
        datetime.datetime(2026, 3, 1, 10, 30),
    )
    assert values[2] == ('<b>& "León" \' ', None, None, datetime.datetime(2026, 3, 2))
    assert values[3][:2] == ("concontrol", 0.5)
    assert values[4] == (None, 7, None, None)
    assert len(values[5][0]) == xlsx_stream.MAX_TEXT
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D6"
    assert sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet["D2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet.column_dimensions["A"].width == pytest.approx(10.7109375)


def test_read_only_rows_have_every_column():
    data = _book([["0000001", None, None, None], ["0000002", 3, None, None]])
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1:] == [("0000001", None, None, None), ("0000002", 3, None, None)]


def test_only_headers_and_parts():
    data = _book([])
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= names
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert list(book.active.iter_rows(values_only=True)) == [("Folio", "Edad", "Fecha", "Creado")]


def test_row_length_must_match():
    with pytest.raises(ValueError):
        _book([["0000001", 1]])

"""Writes the workbook fixtures of the glossary-table tests (terms.xlsx, no_language.xlsx,
no_language_sheets.xlsx, terms.ods). Run once from this folder after changing it; the outputs are committed, so the tests
need no Python:

    pip install openpyxl==3.1.5 odfpy==1.4.1
    python3 make_workbooks.py

What each file holds, and what the tests expect of it, is described beside it below.
"""

import datetime

import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

FIXED_TIME = datetime.datetime(2024, 3, 1, 12, 0, 0)


def new_workbook():
    """A workbook with fixed dates in its properties, so that rerunning changes less."""
    workbook = openpyxl.Workbook()
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def terms_xlsx():
    """Three sheets. "Read me" has no language column, so "Terms" is the one imported; "More"
    also names language columns and is reported as not imported. In "Terms" the header is the
    first non-empty row (row 3) and starts in column B, so problems name spreadsheet rows and
    columns: the bad status at E7, the row without a term at 9, the #N/A error cell at D10."""
    workbook = new_workbook()

    read_me = workbook.active
    read_me.title = "Read me"
    read_me.append(["About", "Owner"])
    read_me.append(["Titles of the State Council", "Desk"])

    terms = workbook.create_sheet("Terms")
    rows = {
        3: ["zh", "en", "zh-Hant", "status", "category", "note", "definition"],
        4: ["国务院", "State Council", "國務院", "preferred", "government", "the cabinet",
            "The highest organ of state administration"],
        5: ["发言人", "spokesperson; spokesman", "發言人", "admitted", "title"],
        # Row 6 stays empty.
        7: ["外交部", "Ministry of Foreign Affairs；MFA", None, "sometimes", "government"],
        8: ["二〇二四年", 2024, None, "Deprecated", "date", datetime.date(2024, 3, 1)],
        9: [None, None, None, "forbidden", "nothing"],
        10: ["百分之三点五", 3.5, "#N/A"],
    }
    for row, values in rows.items():
        for offset, value in enumerate(values):
            if value is not None:
                terms.cell(row=row, column=2 + offset, value=value)
    terms["G8"].number_format = "yyyy-mm-dd"

    more = workbook.create_sheet("More")
    more.append(["zh", "en"])
    more.append(["海关", "customs"])

    workbook.save("terms.xlsx")


def no_language_xlsx():
    """One sheet whose header names no language column: the import changes nothing."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.append(["name", "value"])
    sheet.append(["x", "y"])
    workbook.save("no_language.xlsx")


def no_language_sheets_xlsx():
    """Two sheets, neither naming a language column (the second is empty): one problem lists
    the sheets."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Names"
    sheet.append(["name", "value"])
    workbook.create_sheet("Empty")
    workbook.save("no_language_sheets.xlsx")


def ods_cell(value):
    if isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=value)
        cell.addElement(P(text=str(value)))
    else:
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=value))
    return cell


def terms_ods():
    """An OpenDocument spreadsheet: two terms per row, one of them a number (42)."""
    document = OpenDocumentSpreadsheet()
    table = Table(name="Glossary")
    for values in [["zh", "en", "status"], ["海关", "customs", "preferred"],
                   ["四十二", 42, "admitted"]]:
        row = TableRow()
        for value in values:
            row.addElement(ods_cell(value))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save("terms.ods")


if __name__ == "__main__":
    terms_xlsx()
    no_language_xlsx()
    no_language_sheets_xlsx()
    terms_ods()

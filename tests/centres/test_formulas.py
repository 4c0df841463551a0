import pytest

from crpv.spreadsheets.formulas import escape_formula


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1+2", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_made_inert(value):
    assert escape_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["Labo Cités", "04 78 77 01 43", "", None, 12])
def test_other_values_are_left_alone(value):
    assert escape_formula(value) == value

"""Django's admin widgets drawn by the project's templates (templates/admin/widgets/)."""

from django.contrib.admin.widgets import AdminSplitDateTime


def test_date_and_time_inputs_are_labelled():
    html = AdminSplitDateTime().render("starts_at", None, attrs={"id": "id_starts_at"})
    assert '<label for="id_starts_at_0">Date\u00a0:</label>' in html
    assert '<label for="id_starts_at_1">Heure\u00a0:</label>' in html

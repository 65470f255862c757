from django.urls import reverse

import pytest

from portal.links import url_template


def test_url_template_formats_to_what_reverse_gives():
    template = url_template("events_admin:action", 27, None, None)

    assert template.format(5061, "cancel") == reverse(
        "events_admin:action", args=[27, 5061, "cancel"]
    )


def test_url_template_refuses_an_argument_outside_the_path():
    with pytest.raises(ValueError, match="not one part of the path"):
        url_template("events_admin:action", 987_654_320, None, "cancel")

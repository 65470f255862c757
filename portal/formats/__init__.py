"""Django's date formats per language (`FORMAT_MODULE_PATH`), from `portal.dates.STYLES`, so
that `{{ value }}`, the `date` filter's named formats and Wagtail's admin show dates and times
in the portal's one style. Other formats (input formats, numbers) fall back to Django's."""

from django.db import migrations


class Migration(migrations.Migration):
    """An index for Wagtail's `Page.get_first_root_node()` (`depth = 1`, by path), which
    every admin page asks (the sidebar's explorable root, the explorer): without one
    PostgreSQL reads the whole page table for the one root row (docs/performance.md)."""

    dependencies = [
        ("portal", "0014_fill_site_name_in_each_language"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX portal_page_root_idx ON wagtailcore_page (path) "
            "WHERE depth = 1",
            reverse_sql="DROP INDEX portal_page_root_idx",
        ),
    ]

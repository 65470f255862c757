"""The explorer of the material library (`materials.explorer.MaterialPageViewSet`):
materials and good practices alike, each with its kind of material, 20 rows a page."""

from materials.explorer import MaterialPageViewSet
from portal.page_listing import EXPLORER_PER_PAGE
from tests.factories.materials import MaterialPageFactory, PracticePageFactory


def test_the_library_is_explored_with_the_materials_viewset(material_index):
    from django.urls import resolve

    from wagtail.admin.viewsets.pages import page_viewset_registry

    resolve("/admin/")  # the admin's URLs register the viewsets
    viewset = page_viewset_registry.get_by_parent_page_id(material_index.pk)

    assert isinstance(viewset, MaterialPageViewSet)


def test_library_explorer_lists_materials_and_practices_with_their_kind(
    admin_client, material_index
):
    guide = MaterialPageFactory(parent=material_index, title="Opas <kunnille>")
    practice = PracticePageFactory(parent=material_index, title="Kunnan käytäntö")

    response = admin_client.get(f"/admin/pages/{material_index.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    listed = {page.pk: page for page in response.context["object_list"]}
    assert set(listed) == {guide.pk, practice.pk}
    assert type(listed[practice.pk]).__name__ == "PracticePage"
    assert "Opas &lt;kunnille&gt;" in html
    assert str(guide.get_material_type_display()) in html
    assert str(practice.get_material_type_display()) in html
    for page in (guide, practice):
        assert f"/admin/pages/{page.pk}/edit/" in html


def test_library_explorer_pages_by_twenty(admin_client, material_index):
    for _ in range(EXPLORER_PER_PAGE + 1):
        MaterialPageFactory(parent=material_index)

    first = admin_client.get(f"/admin/pages/{material_index.pk}/")
    second = admin_client.get(f"/admin/pages/{material_index.pk}/", {"p": 2})

    assert len(first.context["object_list"]) == EXPLORER_PER_PAGE
    assert len(second.context["object_list"]) == 1

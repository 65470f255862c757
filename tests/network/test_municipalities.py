"""The municipality register: CSV loading (migration and command), names, domains."""

import importlib
from io import StringIO

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

import pytest

from network.models import Municipality, MunicipalityDomain
from network.municipality_data import (
    SWEDISH_GROUPING_FIELDS,
    read_municipalities,
    read_swedish_grouping_names,
)
from tests.factories.network import add_domain, municipality

pytestmark = pytest.mark.django_db

migration = importlib.import_module("network.migrations.0002_load_municipalities")
swedish_names_migration = importlib.import_module(
    "network.migrations.0007_fill_swedish_grouping_names"
)


def run_command(*args) -> str:
    out = StringIO()
    call_command("load_municipalities", *args, stdout=out)
    return out.getvalue()


def test_migration_loaded_every_municipality_with_its_domain():
    assert Municipality.objects.count() == 308
    oulu = municipality("564")
    assert (oulu.name_fi, oulu.name_sv) == ("Oulu", "Uleåborg")
    assert oulu.region == "Pohjois-Pohjanmaa"
    assert oulu.employment_area == "Oulun seutu"
    assert list(oulu.domains.values_list("domain", flat=True)) == ["ouka.fi"]
    assert MunicipalityDomain.objects.count() == 308


def test_migration_reverse_removes_the_register_and_forward_restores_it():
    migration.unload_municipalities(apps, None)
    assert not Municipality.objects.exists()
    assert not MunicipalityDomain.objects.exists()
    migration.load_municipalities(apps, None)
    assert Municipality.objects.count() == 308


def test_migration_filled_the_swedish_grouping_names():
    oulu = municipality("564")
    assert oulu.region_sv == "Norra Österbotten"
    assert oulu.wellbeing_county_sv == "Norra Österbottens välfärdsområde"
    assert oulu.employment_area_sv == "Uleåborgregionen"
    assert municipality("091").wellbeing_county_sv == "Helsingfors stad"
    assert municipality("035").region_sv == "Åland"
    assert not Municipality.objects.filter(region_sv="").exists()


def test_swedish_names_migration_reverse_clears_them_and_forward_fills_them():
    swedish_names_migration.clear_swedish_grouping_names(apps, None)
    assert not Municipality.objects.exclude(employment_area_sv="").exists()
    swedish_names_migration.fill_swedish_grouping_names(apps, None)
    assert municipality("853").employment_area_sv == "Åbo"
    assert not Municipality.objects.filter(wellbeing_county_sv="").exists()


def test_every_csv_row_has_the_three_swedish_grouping_names():
    rows = list(read_swedish_grouping_names())
    assert len(rows) == 308
    for row in rows:
        assert all(row[field] for field in SWEDISH_GROUPING_FIELDS), row["code"]


def test_each_finnish_grouping_name_has_one_swedish_name():
    finnish = {row["code"]: row for row in read_municipalities()}
    for field in ("region", "wellbeing_county", "employment_area"):
        pairs = {
            (finnish[row["code"]][field], row[f"{field}_sv"])
            for row in read_swedish_grouping_names()
        }
        assert len(pairs) == len({name for name, _swedish in pairs}), field


def test_command_fills_the_swedish_grouping_names():
    Municipality.objects.update(
        region_sv="", wellbeing_county_sv="", employment_area_sv=""
    )
    output = run_command()
    assert "0 created, 308 updated, 0 unchanged" in output
    vaasa = municipality("905")
    assert (vaasa.region_sv, vaasa.wellbeing_county_sv, vaasa.employment_area_sv) == (
        "Österbotten",
        "Österbottens välfärdsområde",
        "Österbotten",
    )
    assert municipality("091").employment_area_sv == "Helsingfors"


def test_grouping_names_follow_the_active_language():
    helsinki = municipality("091")
    with translation.override("sv"):
        assert helsinki.region_name == "Nyland"
        assert helsinki.wellbeing_county_name == "Helsingfors stad"
        assert helsinki.employment_area_name == "Helsingfors"
    with translation.override("fi"):
        assert helsinki.region_name == "Uusimaa"
        assert helsinki.wellbeing_county_name == "Helsingin kaupunki"
    with translation.override("en"):
        assert helsinki.region_name == "Uusimaa"
    Municipality.objects.filter(pk=helsinki.pk).update(region_sv="")
    helsinki.refresh_from_db()
    with translation.override("sv"):
        assert helsinki.region_name == "Uusimaa"  # Finnish where Swedish is missing


def test_grouping_choices_keep_finnish_values_and_name_them_in_the_language(
    django_assert_num_queries,
):
    with translation.override("sv"), django_assert_num_queries(1):
        choices = Municipality.objects.grouping_choices()
    assert ("Uusimaa", "Nyland") in choices["region"]
    assert ("Turku", "Åbo") in choices["employment_area"]
    assert len(choices["region"]) == 19  # 18 regions and Åland
    assert len(choices["wellbeing_county"]) == 23
    assert len(choices["employment_area"]) == 46
    names = [name for _value, name in choices["region"]]
    assert names == sorted(names)
    with translation.override("fi"):
        choices = Municipality.objects.grouping_choices()
    assert ("Uusimaa", "Uusimaa") in choices["region"]


def test_command_after_migration_changes_nothing():
    output = run_command()
    assert "0 created, 0 updated, 308 unchanged; 0 domains added" in output


def test_command_restores_csv_facts_and_keeps_staff_additions():
    Municipality.objects.filter(code="564").update(
        population=1, contact_email="kirjaamo@ouka.fi"
    )
    add_domain("564", "oulu.fi")
    MunicipalityDomain.objects.filter(domain="hel.fi").delete()
    output = run_command()
    assert "0 created, 1 updated, 307 unchanged; 1 domains added" in output
    oulu = municipality("564")
    assert oulu.population == 211848
    assert oulu.contact_email == "kirjaamo@ouka.fi"
    assert set(oulu.domains.values_list("domain", flat=True)) == {"ouka.fi", "oulu.fi"}
    assert MunicipalityDomain.objects.filter(domain="hel.fi").exists()


def test_command_creates_missing_municipalities():
    Municipality.objects.filter(code="035", profiles__isnull=True).delete()
    assert "1 created" in run_command()
    assert municipality("035").name_fi == "Brändö"


def test_reader_maps_language_status():
    rows = {row["code"]: row for row in read_municipalities()}
    assert rows["564"]["language"] == "fi"
    assert rows["499"]["language"] == "sv-fi"
    assert rows["091"]["language"] == "fi-sv"
    assert rows["035"]["language"] == "sv"
    assert len(rows) == 308


def test_name_follows_the_active_language():
    oulu = municipality("564")
    with translation.override("sv"):
        assert oulu.name == "Uleåborg"
    with translation.override("fi"):
        assert str(oulu) == "Oulu"
    with translation.override("en"):
        assert oulu.name == "Oulu"


def test_ordered_by_name_uses_the_active_language():
    with translation.override("sv"):
        names = [m.name_sv for m in Municipality.objects.ordered_by_name()]
    assert names == sorted(names)


def test_domain_is_normalised_and_validated():
    domain = MunicipalityDomain(municipality=municipality("564"), domain=" @Oulu.FI. ")
    domain.full_clean()
    assert domain.domain == "oulu.fi"
    for bad in ["oulu", "ou lu.fi", "a@oulu.fi", "-oulu.fi"]:
        with pytest.raises(ValidationError):
            MunicipalityDomain(
                municipality=municipality("564"), domain=bad
            ).full_clean()


def test_domain_differing_only_in_case_is_a_duplicate():
    with pytest.raises(ValidationError):
        MunicipalityDomain(
            municipality=municipality("564"), domain="HEL.FI"
        ).full_clean()


def test_cached_names_follow_the_language_and_every_change(django_assert_num_queries):
    from network.models.municipalities import municipality_names

    with translation.override("sv"):
        names = municipality_names()
        assert len(names) == 308
        assert [name for _pk, _code, name in names] == sorted(
            Municipality.objects.values_list("name_sv", flat=True)
        )
        with django_assert_num_queries(0):
            assert municipality_names() == names
    with translation.override("fi"):
        helsinki = municipality("091")
        assert (helsinki.pk, "091", "Helsinki") in municipality_names()

        helsinki.name_fi = "Helsinki (pääkaupunki)"
        helsinki.save()
        assert (helsinki.pk, "091", "Helsinki (pääkaupunki)") in municipality_names()

        helsinki.delete()
        assert len(municipality_names()) == 307


def test_a_process_keeps_its_copy_of_the_names_while_the_version_holds(monkeypatch):
    from django.core.cache import cache

    from network.models.municipalities import municipality_names

    with translation.override("fi"):
        names = municipality_names()
        reads = []
        real_get = cache.get
        monkeypatch.setattr(
            cache, "get", lambda key, *a: reads.append(key) or real_get(key, *a)
        )
        assert municipality_names() is names
        assert not [key for key in reads if "municipality-names" in key]

        oulu = municipality("564")
        oulu.name_fi = "Oulu (kaupunki)"
        oulu.save()  # bumps the version
        assert (oulu.pk, "564", "Oulu (kaupunki)") in municipality_names()


def test_a_flushed_cache_never_makes_an_old_copy_of_the_names_current_again():
    """A version the cache lost restarts at a random number, not at one an old copy
    was read under."""
    from django.core.cache import cache

    from network.models.municipalities import municipality_names

    with translation.override("fi"):
        assert (municipality("564").pk, "564", "Oulu") in municipality_names()
        cache.clear()
        # Changed without a signal (as a restore of the database would), then read
        # again after the flush.
        Municipality.objects.filter(code="564").update(name_fi="Oulu (uusi)")
        assert (municipality("564").pk, "564", "Oulu (uusi)") in municipality_names()

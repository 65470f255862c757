"""A URLconf for the error-handler tests: the portal's URLs plus views that fail."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500, urlpatterns


def fail(request):
    raise RuntimeError("the database went away")


def refuse(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("tampered input")


urlpatterns = [
    path("fail/", fail),
    path("refuse/", refuse),
    path("suspicious/", suspicious),
    *urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

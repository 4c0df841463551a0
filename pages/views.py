from django.shortcuts import render

from centres.models import Centre


def home(request):
    return render(request, "pages/home.html", {"centre_count": Centre.objects.published().count()})

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from .models import StatusChange


@permission_required("claims.decide_status_change", raise_exception=True)
def review_queue(request):
    return render(request, "claims/review_queue.html", {"changes": StatusChange.objects.pending()})

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from .models import Article


@login_not_required
def front_page(request):
    return render(request, "articles/front_page.html", {"articles": Article.objects.published()})


@login_not_required
def story(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return render(request, "articles/story.html", {"article": article})

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import STAFF_ROLES, RoleRequiredMixin

from .filters import InstitutionFilter
from .models import Institution
from .selectors import institution_list


class InstitutionListView(RoleRequiredMixin, TemplateView):
    """The register of the user's scope, for officials, the commission and member departments."""

    allowed_roles = STAFF_ROLES
    template_name = "institutions/institution_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = InstitutionFilter(
            self.request.GET or None, queryset=institution_list(user=self.request.user), user=self.request.user
        )
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(filter=filterset, page_obj=page, institutions=page.object_list, query=query.urlencode())
        return ctx


class InstitutionDetailView(TemplateView):
    """One institution, for anyone whose scope includes it (404 otherwise)."""

    template_name = "institutions/institution_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        institution = get_object_or_404(
            Institution.objects.for_user(self.request.user).select_related("jurisdiction"), pk=kwargs["pk"]
        )
        ctx["institution"] = institution
        ctx["classes"] = institution.classes.all()
        ctx["total_seats"] = sum(c.seats for c in ctx["classes"])
        ctx["history"] = institution.history.select_related("history_user")[:20]
        return ctx

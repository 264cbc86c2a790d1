"""The home page, one for each role."""

from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from institutions.designations.selectors import applications_awaiting_decision
from institutions.register.selectors import district_overview, institution_list, official_todo
from supervision.audit.trails import TRAILS


class HomeView(TemplateView):
    """Each role starts somewhere different: operators at their institutions, officials at their to-do list."""

    def get_template_names(self):
        role = self.request.user.role
        if role == Role.OPERATOR:
            return ["home/operator.html"]
        if role == Role.OFFICIAL:
            return ["home/official.html"]
        if role == Role.AUDITOR:
            return ["home/auditor.html"]
        return ["home/overview.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        if user.role == Role.OPERATOR:
            ctx["institutions"] = institution_list(user=user).order_by("name")
        elif user.role == Role.AUDITOR:
            ctx["trails"] = TRAILS.values()
        elif user.role == Role.OFFICIAL:
            ctx["todo"] = official_todo(user=user)
            ctx["overview"] = district_overview(user=user)
        else:
            ctx["overview"] = district_overview(user=user)
            ctx["designations_to_decide"] = applications_awaiting_decision(user)
        return ctx

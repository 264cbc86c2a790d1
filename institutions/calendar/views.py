"""The commission's holiday table: the overrides of the working-day calendar, year by year."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.permissions import COMMISSION_ONLY, RoleRequiredMixin
from baodi_care.core.views import ServiceActionView, ServiceFormView
from institutions.calendar import selectors, services
from institutions.calendar.forms import CalendarDayForm
from institutions.models import CalendarDay

CALENDAR_DAY_ADDED = _("%(date)s is in the calendar now.")
CALENDAR_DAY_DELETED = _("%(date)s was removed from the calendar; it follows the national schedule again.")


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def _year_url(year: int) -> str:
    return f"{reverse('supervision:holiday_list')}?year={year}"


class HolidayListView(RoleRequiredMixin, ServiceFormView):
    """The commission's holiday table, one year at a time, with the form that adds a day."""

    allowed_roles = COMMISSION_ONLY
    template_name = "institutions/calendar/holiday_list.html"
    form_class = CalendarDayForm

    def perform(self, form):
        return services.add_calendar_day(by=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        return CALENDAR_DAY_ADDED % {"date": self.result.date.isoformat()}

    def get_success_url(self) -> str:
        return _year_url(self.result.date.year)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        posted = ctx["form"].cleaned_data.get("date") if ctx["form"].is_bound else None
        year = posted.year if posted else _year(self.request.GET.get("year"), this_year)
        ctx.update(
            year=year,
            years=sorted({*range(this_year - 1, this_year + 3), year}),
            previous_year=year - 1,
            next_year=year + 1,
            days=selectors.calendar_days(year=year),
            known=selectors.chinese_calendar_knows(year),
            schedule=selectors.chinese_calendar_schedule(year),
        )
        return ctx


class HolidayDeleteView(RoleRequiredMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY
    model = CalendarDay

    def get_object_queryset(self):
        return CalendarDay.objects.all()  # the calendar is the commission's, behind its role check

    def get_object_url(self) -> str:
        return _year_url(self.object.date.year)

    def perform(self):
        return services.delete_calendar_day(by=self.request.user, day=self.object)

    def get_success_message(self, result) -> str:
        return CALENDAR_DAY_DELETED % {"date": self.object.date.isoformat()}

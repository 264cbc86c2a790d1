from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import RoleRequiredMixin
from institutions.calendar import selectors
from institutions.calendar.forms import CalendarDayForm
from institutions.calendar.services import add_calendar_day, delete_calendar_day
from institutions.models import CalendarDay

CALENDAR_DAY_ADDED = _("%(date)s is in the calendar now.")


CALENDAR_DAY_DELETED = _("%(date)s was removed from the calendar; it follows the national schedule again.")


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


class HolidayListView(RoleRequiredMixin, TemplateView):
    """The commission's holiday table: overrides of the working-day calendar, year by year."""

    allowed_roles = (Role.COMMISSION,)
    template_name = "institutions/calendar/holiday_list.html"

    def get_context_data(self, form=None, year=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        year = year or _year(self.request.GET.get("year"), this_year)
        ctx.update(
            year=year,
            years=sorted({*range(this_year - 1, this_year + 3), year}),
            previous_year=year - 1,
            next_year=year + 1,
            days=selectors.calendar_days(year=year),
            known=selectors.chinese_calendar_knows(year),
            schedule=selectors.chinese_calendar_schedule(year),
            form=form or CalendarDayForm(),
        )
        return ctx

    def post(self, request):
        form = CalendarDayForm(request.POST)
        if form.is_valid():
            try:
                day = add_calendar_day(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, CALENDAR_DAY_ADDED % {"date": day.date.isoformat()})
                return redirect(f"{reverse('supervision:holiday_list')}?year={day.date.year}")
        date = form.cleaned_data.get("date")
        return self.render_to_response(self.get_context_data(form=form, year=date.year if date else None))


class HolidayDeleteView(RoleRequiredMixin, View):
    allowed_roles = (Role.COMMISSION,)

    def post(self, request, pk):
        day = get_object_or_404(CalendarDay, pk=pk)
        delete_calendar_day(by=request.user, day=day)
        messages.success(request, CALENDAR_DAY_DELETED % {"date": day.date.isoformat()})
        return redirect(f"{reverse('supervision:holiday_list')}?year={day.date.year}")

from datetime import date

from freezegun import freeze_time

from odoo.tests import Form

from .common_loan import LoanCase


class ReviewCase(LoanCase):
    """Two applications of one savings group, ready for its meeting."""

    MEETING_DAY = date(2026, 5, 20)

    def _class_fixtures(self):
        cls = type(self)
        cls.first = self._application(amount=10_000_000)
        line = self.record.line_ids - self.line
        action = line.with_user(self.police_user).action_issue_slip()
        cls.slip = self.env["rehab.referral.slip"].browse(action["res_id"])
        cls.second = self._application(amount=20_000_000)

    def _meeting(self, lines, user=None, **values):
        """A draft meeting of the group through its form, as the web client."""
        form = Form(self.env["rehab.group.review"].with_user(user or self.savings_user))
        form.savings_group_id = values.pop("group", self.group)
        form.meeting_date = values.pop("meeting_date", self.MEETING_DAY)
        form.members_present = values.pop("members_present", 4)
        form.chair_name = values.pop("chair_name", "Lò Thị Hoa")
        form.secretary_name = values.pop("secretary_name", "Vì Văn Nam")
        form.place = "Nhà văn hóa bản Khòn Pổ"
        form.note = values.pop("note", "Tổ đã bình xét công khai")
        for loan, line_values in lines:
            with form.line_ids.new() as line:
                line.loan_id = loan
                for name, value in line_values.items():
                    setattr(line, name, value)
        return form.save()

    def _confirm_commune(self, loan, day):
        with freeze_time(day):
            loan.with_user(self.chairman_user).action_confirm_commune()

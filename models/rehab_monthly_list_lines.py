# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lines of a monthly list: the people put on it, their data read again."""

from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import rehab_rules
from .rehab_monthly_list import OPEN_STATES, SNAPSHOT
from .rehab_monthly_list_line import BORROWING_STATES


class RehabMonthlyList(models.Model):
    _inherit = "rehab.monthly.list"

    # Lines

    def _check_open_for_lines(self):
        """People are put on a list only while it is a draft, by anyone."""
        if any(record.sudo().state not in OPEN_STATES for record in self):
            raise UserError(
                _(
                    "A line is added only to a draft or returned list: ask the "
                    "chairman to return the list first."
                )
            )

    def _add_eligible_lines(self):
        """Put on the lists the people of their commune eligible today.

        One INSERT ... SELECT for the lists of a province: the database copies
        each person's data into the line's snapshot, and what the borrowers
        among them owe (read before: who they are, then their loans grouped
        by person) comes in with it,
        so the number of queries does not grow with the number of people.
        People already on a list are skipped; the lines a list held before
        have their borrowing read again.
        """
        if not self:
            return
        Line = self.env["rehab.monthly.list.line"]
        self.env["rehab.person"].flush_model(
            list(SNAPSHOT.values()) + ["company_id", "active"]
        )
        self.flush_recordset(["company_id", "state", "month_date"])
        Line.flush_model(["list_id", "person_id"])
        # The rules in force today in each province: read once a province.
        today = self._rehab_today()
        for province, lists in self._by_province().items():
            params = rehab_rules.params_from_env(
                self.env, day=today, province=province or None
            )
            # The lines of these lists read by their index (the subquery
            # fenced by OFFSET 0): a bare max(id) walked the ids of every
            # line of every list down from the newest.
            self.env.cr.execute(
                SQL(
                    """SELECT max(id) FROM (
                           SELECT id FROM rehab_monthly_list_line
                            WHERE list_id IN %s OFFSET 0) AS held""",
                    tuple(lists.ids),
                )
            )
            last_before = self.env.cr.fetchone()[0]
            lists._insert_eligible_lines(params)
            if last_before:
                # Who already borrows and who cannot take a new loan: for
                # all the lines held before, at once.
                Line._snapshot_borrowing_where(
                    SQL(
                        "line.list_id IN %s AND line.id <= %s",
                        tuple(lists.ids),
                        last_before,
                    ),
                    params,
                )
        Line.invalidate_model()
        self._recount()

    def _by_province(self):
        """{province: lists of its communes}."""
        groups = {}
        for record in self:
            province = record.company_id.sudo().province_id
            groups[province] = groups.get(province, self.browse()) | record
        return groups

    def _eligible_borrowing(self, params):
        """What the people eligible in these lists' communes who borrow owe,
        as the lines hold it: five arrays (person ids, owed, room left, days
        overdue, why no new loan), one element a borrower
        (rehab.monthly.list.line._borrowing_of, rehab_rules.new_loan_block)."""
        Line = self.env["rehab.monthly.list.line"]
        self.env["rehab.loan"].flush_model(["person_id", "state"])
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT p.id
                     FROM rehab_monthly_list l
                     JOIN rehab_person p
                       ON p.company_id = l.company_id AND p.is_eligible AND p.active
                     JOIN rehab_loan loan
                       ON loan.person_id = p.id AND loan.state IN %s
                    WHERE l.id IN %s AND p.company_id IN %s""",
                BORROWING_STATES,
                tuple(self.ids),
                # The communes named: their people read through the index,
                # not the whole nation's for each batch.
                tuple(self.company_id.ids),
            )
        )
        people = self.env["rehab.person"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )
        borrowing = Line._borrowing_of(people)
        ceiling = params["individual_ceiling"]
        columns = ([], [], [], [], [])
        for person_id, (owed, days, recovery) in borrowing.items():
            for column, value in zip(
                columns,
                (
                    person_id,
                    owed,
                    max(ceiling - owed, 0),
                    days,
                    rehab_rules.new_loan_block(owed, days, recovery, params),
                ),
                strict=True,
            ):
                column.append(value)
        return columns

    def _insert_eligible_lines(self, params):
        """The INSERT ... SELECT of _add_eligible_lines, for lists of one
        province (``params``: its rules in force). The lines already there
        are looked up among these lists' own (``x.list_id IN``): else, on
        statistics older than the run's first batches, PostgreSQL sorted
        every line of the nation's lists for each batch."""
        Line = self.env["rehab.monthly.list.line"]
        # Who borrows nothing: the ceiling is the room left.
        room, nobody = Line._no_borrowing_values(params)
        people, owed, rooms, days, blocks = self._eligible_borrowing(params)
        columns = SQL(", ").join(SQL.identifier(name) for name in SNAPSHOT)
        values = SQL(", ").join(
            SQL.identifier("p", field) for field in SNAPSHOT.values()
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO rehab_monthly_list_line (
                    list_id, company_id, state, month_date, person_id, excluded,
                    %(columns)s,
                    programme_owed, room_left, days_overdue, no_new_loan,
                    create_uid, write_uid, create_date, write_date
                )
                SELECT l.id, l.company_id, l.state, l.month_date, p.id, false,
                       %(values)s,
                       COALESCE(b.owed, 0), COALESCE(b.room, %(room)s),
                       COALESCE(b.days, 0),
                       CASE WHEN b.person_id IS NULL THEN %(nobody)s
                            ELSE b.block END,
                       %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM rehab_monthly_list l
                  JOIN rehab_person p
                    ON p.company_id = l.company_id AND p.is_eligible AND p.active
                  LEFT JOIN unnest(%(people)s::int4[], %(owed)s::numeric[],
                                   %(rooms)s::numeric[], %(days)s::int4[],
                                   %(blocks)s::varchar[])
                       AS b(person_id, owed, room, days, block)
                    ON b.person_id = p.id
                 WHERE l.id IN %(ids)s AND p.company_id IN %(communes)s
                   AND NOT EXISTS (
                       SELECT 1 FROM rehab_monthly_list_line x
                        WHERE x.list_id = l.id AND x.person_id = p.id
                          AND x.list_id IN %(ids)s
                   )
                """,
                columns=columns,
                values=values,
                room=room,
                nobody=nobody,
                people=people,
                owed=owed,
                rooms=rooms,
                days=days,
                blocks=blocks,
                uid=self.env.uid,
                now=rehab_rules.agency_now(),
                ids=tuple(self.ids),
                communes=tuple(self.company_id.ids),
            )
        )

    def _recount(self):
        """The lines changed in the database: their lists count them again."""
        self.invalidate_recordset(["line_ids", "included_line_ids", "apart_line_ids"])
        for name in ("line_count", "included_count", "amount_total"):
            self.env.add_to_compute(self._fields[name], self)

    def action_fill(self):
        """Add the people eligible today who are not on the list yet."""
        self._workflow_start("fill")._add_eligible_lines()
        return True

    def action_refresh_lines(self):
        """Read again the people's data into the lines of a draft list."""
        self._workflow_start("refresh").line_ids._snapshot()
        return True

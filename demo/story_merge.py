# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's merged commune (the 2025 local government reform): two small
communes of Sơn La, Chiềng Ban and Chiềng Mung, each with a few people; last
month the programme administrator (quantri) merges Chiềng Mung into Chiềng
Ban. Chiềng Mung stays archived, «Merged into» Chiềng Ban; its people are
Chiềng Ban's, its draft monthly lists joined Chiềng Ban's; the audit trail
tells who merged what and when."""

from datetime import date

# (name, gender, birth year, village, commune xmlid, citizen ID)
MERGED_PEOPLE = (
    ("Lò Văn Hặc", "male", 1991, "Bản Hôm", "company_chieng_mung", "014091777001"),
    ("Quàng Văn Ún", "male", 1988, "Bản Mung", "company_chieng_mung", "014088777002"),
    ("Cầm Văn Piềng", "male", 1993, "Bản Ban", "company_chieng_ban", "014093777003"),
)


class StoryMerge:
    def schedule_merge(self):
        self.at(self.day(-3, 6), self.register_small_communes)
        self.at(self.day(-1, 20), self.merge_communes)

    def register_small_communes(self):
        """The small communes' police register a few people (su: the demo
        has no users of these communes)."""
        decision = self.step_day.replace(day=1)
        self.env["rehab.person"].create(
            [
                {
                    "name": name,
                    "gender": gender,
                    "birth_date": date(year, 6, 15),
                    "ethnicity": "Thái",
                    "citizen_id": citizen_id,
                    "company_id": self.ref(commune).id,
                    "village": village,
                    "rehab_route": "voluntary",
                    "rehab_facility": "Tại gia đình và cộng đồng",
                    "completion_date": date(decision.year - 1, 3, 1),
                    "decision_number": "%02d/QĐ-UBND" % (10 + number),
                    "decision_date": date(decision.year - 1, 3, 20),
                    "decision_issuer": "UBND huyện Mai Sơn",
                    "purpose": "production",
                    "amount_needed": 30_000_000,
                }
                for number, (name, gender, year, village, commune, citizen_id) in (
                    enumerate(MERGED_PEOPLE)
                )
            ]
        )

    def merge_communes(self):
        """The programme administrator merges Chiềng Mung into Chiềng Ban."""
        admin = self.ref("user_programme_admin")
        self.env["res.company"].with_user(admin)._rehab_merge_communes(
            {self.ref("company_chieng_mung").id: self.ref("company_chieng_ban").id}
        )

import ast
import threading
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from ..demo.story_engine import _Story
from ..tools import rehab_rules

ADDON = Path(__file__).resolve().parent.parent


def _imports_freezegun(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] == "freezegun" for name in names):
            return True
    return False


class _OneStep(_Story):
    """The engine playing one step of ``day`` instead of the year."""

    def __init__(self, env, today, day, action):
        super().__init__(env, today)
        self.probe = (day, action)

    def schedule(self):
        self.at(*self.probe)

    def daily_crons(self):
        return None


@tagged("post_install", "-at_install")
class TestDemoStoryClock(TransactionCase):
    """The demo's engine plays its year on the story's clock, set for its own
    thread only: no other thread of the server sees it (demo/story_engine.py,
    tools/rehab_rules.story_clock)."""

    def test_no_freezegun_outside_the_tests(self):
        """The demo's engine no longer freezes the process clock: freezegun
        is a tool of the tests only."""
        paths = [ADDON / "__init__.py"] + [
            path
            for folder in ADDON.iterdir()
            if folder.is_dir()
            and folder.name not in ("tests", "static", "docs")
            and not folder.name.startswith(".")
            for path in folder.rglob("*.py")
        ]
        self.assertIn(ADDON / "demo" / "story_engine.py", paths)
        found = [str(path) for path in paths if _imports_freezegun(path)]
        self.assertEqual(found, [])

    def test_story_clock_of_this_thread_only(self):
        moment = datetime(2025, 3, 4, 2, 0)
        seen = {}

        def other_thread():
            seen["now"] = rehab_rules.agency_now()
            seen["date"] = rehab_rules.agency_date()

        with rehab_rules.story_clock(moment):
            self.assertEqual(rehab_rules.agency_now(), moment)
            self.assertEqual(self.env.user._rehab_today(), date(2025, 3, 4))
            thread = threading.Thread(target=other_thread)
            thread.start()
            thread.join()
        real = datetime.now(timezone.utc).replace(tzinfo=None)
        self.assertLess(abs(seen["now"] - real), timedelta(minutes=5))
        self.assertEqual(seen["date"], rehab_rules.agency_date(real))
        # Out of the block, this thread reads the server's clock again.
        self.assertLess(abs(rehab_rules.agency_now() - real), timedelta(minutes=5))

    def test_a_step_plays_on_its_day_while_the_server_keeps_its_clock(self):
        """A step of the story reads its own day, another thread at the same
        moment the server's; what the step posted is dated on its day."""
        day = self.env.user._rehab_today() - timedelta(days=200)
        person = self.env["rehab.person"].search([], limit=1)
        self.assertTrue(person)
        seen = {}

        def other_thread():
            seen["other"] = rehab_rules.agency_date()

        def step():
            seen["step"] = person._rehab_today()
            thread = threading.Thread(target=other_thread)
            thread.start()
            thread.join()
            seen["message"] = person.message_post(body="Demo clock probe")

        story = _OneStep(self.env(su=True), self.env.user._rehab_today(), day, step)
        story.play()
        self.assertEqual(seen["step"], day)
        self.assertEqual(seen["other"], rehab_rules.agency_date())
        self.assertEqual(seen["message"].date, datetime.combine(day, time(2, 0)))

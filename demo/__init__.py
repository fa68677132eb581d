# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The demo's builder (demo data only): rehab.demo plays a year of a
# province's work (demo/rehab_story_demo.xml).
from . import story_engine

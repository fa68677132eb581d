from . import controllers
from . import models
from . import reports
from . import wizards
from . import demo

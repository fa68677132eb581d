from . import test_agency
from . import test_i18n
from . import test_security
from . import test_tour

# Plain Python of the programme, no models: the rules (eligibility, ceilings,
# schedules, documents, public notices), roles, batching and privacy helpers.
from . import batching
from . import document_rules
from . import guards
from . import loan_rules
from . import locks
from . import notice_rules
from . import privacy
from . import rehab_rules
from . import roles

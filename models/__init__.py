from . import batching
from . import rehab_rules
from . import res_company
from . import res_config_settings
from . import rehab_person
from . import rehab_person_conduct
from . import rehab_establishment
from . import rehab_establishment_worker

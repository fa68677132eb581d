from . import rehab_person_import
from . import rehab_monthly_list_confirm
from . import rehab_monthly_list_confirm_line
from . import rehab_monthly_list_return
from . import rehab_referral_slip_revoke

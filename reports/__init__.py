from . import rehab_monthly_list_xlsx

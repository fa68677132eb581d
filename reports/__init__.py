from . import rehab_monthly_list_xlsx
from . import rehab_loan_portfolio_xlsx
from . import rehab_loan_overdue_xlsx
from . import rehab_report_annex_xlsx
from . import rehab_loan_classification_xlsx
from . import rehab_collection_sheet_report
from . import rehab_transaction_session_report
from . import rehab_collection_sheet_xlsx

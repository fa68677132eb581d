from . import res_company

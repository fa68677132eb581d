"""The programme's roles: the xmlid of each group, declared once.

Models, wizards, reports and tests import the role they check from here
(``from ..tools.roles import VBSP``); security/*.xml declares the groups.
"""

USER = "post_rehab_credit.group_programme_user"
POLICE = "post_rehab_credit.group_commune_police"
CHAIRMAN = "post_rehab_credit.group_commune_chairman"
COMMUNE_OFFICER = "post_rehab_credit.group_commune_officer"
SAVINGS = "post_rehab_credit.group_savings_group_officer"
VBSP = "post_rehab_credit.group_vbsp_officer"
VBSP_MANAGER = "post_rehab_credit.group_vbsp_manager"
PROVINCE = "post_rehab_credit.group_province_officer"
DEPARTMENT = "post_rehab_credit.group_department_officer"
ADMIN = "post_rehab_credit.group_programme_admin"
NATIONAL_ADMIN = "post_rehab_credit.group_national_admin"

from . import rehab_person_import

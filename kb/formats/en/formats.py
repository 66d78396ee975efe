"""One way to write dates on every page: "7 Dec 2023" (Django's English default is "Dec. 7, 2023").

Templates that print a date without a `date` filter get these; FORMAT_MODULE_PATH in kb/settings.py points here.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"

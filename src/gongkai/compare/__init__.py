"""Year on year: one issuer's report beside its report of the year before.

The text is compared by required content (`sections`), passage by passage with GK406's
notion of a copy (`passages`, over `gongkai.textsim`), and the tables cell by cell under
their stable keys (`cells`). Nothing here renders HTML or writes files: the site does.
"""

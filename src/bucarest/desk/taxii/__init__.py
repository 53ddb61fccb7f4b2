"""The TAXII 2.1 server of the cyber-defence desk.

Collections are sharing communities (:mod:`bucarest.desk.taxii.collections`); objects are the
desk's indicator records, read through its one query layer (:mod:`bucarest.desk.taxii.store`);
the endpoints are in :mod:`bucarest.desk.taxii.routes`, installed on the app by
:func:`~bucarest.desk.taxii.routes.install_taxii`.
"""

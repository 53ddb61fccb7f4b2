"""The TAXII 2.1 server of the cyber-defence desk.

Collections are sharing communities (:mod:`bucarest.taxii.collections`); objects are the
desk's indicator records, read through its one query layer (:mod:`bucarest.taxii.store`);
the endpoints are in :mod:`bucarest.taxii.routes`, installed on the app by
:func:`~bucarest.taxii.routes.install_taxii`.
"""

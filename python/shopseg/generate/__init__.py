"""Demo-store data generator for the shop_segments dbt project.

Writes the raw tables of the contract (customers, orders, order_items,
products and the optional sessions, page_views, checkouts, email_events,
companies) for a realistic European web shop, plus ``_manifest.json`` that
records every injected kind of dirty data. Deterministic: the same options
and seed give byte-identical files.

Run it with ``python -m shopseg.generate --help`` or from Python::

    from shopseg.generate import GenerateOptions, generate
    generate(GenerateOptions(out_dir=Path("data/raw"), customers=5000))

Modules: ``timeline`` (calendar and seasonality), ``catalog`` (products),
``people`` (customers, companies), ``commerce`` (orders, lines), ``traffic``
(visitors, sessions, page views), ``checkouts``, ``mailing`` (e-mail events),
``dirty`` (injected bad rows), ``writer`` and ``pipeline``.
"""

from .options import GenerateOptions, OptionError
from .pipeline import Result, generate

__all__ = ["GenerateOptions", "OptionError", "Result", "generate"]

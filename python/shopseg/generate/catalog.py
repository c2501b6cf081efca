"""Product catalogue: categories, brands, log-normal list prices, skewed popularity.

About half of the catalogue exists when the window opens (the launch
catalogue, which covers every category); the rest is added over time. A
product can only be viewed or sold from the day after its ``created_at``:
sampling draws from the products of a category that exist at the start of the
given day, weighted by popularity (a few bestsellers, a long tail).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import columns as col
from .reference import slugify
from .sampling import categorical, lognormal_median, position_in_group
from .timeline import SECONDS_PER_DAY, Timeline


@dataclass(frozen=True)
class Category:
    """A product category and the words its product names are made of."""

    name: str
    catalogue_share: float  # share of the catalogue's products
    demand_share: float  # share of customers' category preference
    median_price: float  # EUR
    price_sigma: float
    brands: tuple[str, ...]
    items: tuple[str, ...]
    variants: tuple[str, ...]
    interests: tuple[str, ...]  # declared interests of people who like the category


CATEGORIES: tuple[Category, ...] = (
    Category("Coffee", 0.12, 0.24, 14.0, 0.45,
             ("Maison Lumière", "Brûlerie Saint-Martin", "Café Noble", "Terres de Café", "Origo Roasters"),
             ("Espresso Blend", "Ethiopia Yirgacheffe", "Colombia Huila", "Brazil Santos", "Guatemala Antigua",
              "Kenya AA", "Decaf Swiss Water", "House Blend", "Sumatra Mandheling", "Peru Organic"),
             ("250g", "500g", "1kg", "Capsules x10", "Drip Bags x8"), ("coffee", "cooking")),
    Category("Tea", 0.08, 0.09, 11.0, 0.45,
             ("Jardin de Thé", "Maison Oolong", "Leaf & Co", "Chai Atelier"),
             ("Earl Grey", "Sencha", "Jasmine Pearls", "Rooibos Vanilla", "Breakfast Blend", "Matcha Ceremonial",
              "Chai Masala", "Milky Oolong", "Chamomile"),
             ("100g", "Tin 100g", "20 Tea Bags", "250g"), ("tea", "yoga")),
    Category("Apparel", 0.20, 0.15, 49.0, 0.50,
             ("Atelier Nord", "Maison Bleue", "Sillage", "Cotton Club Paris"),
             ("Organic T-Shirt", "Merino Sweater", "Linen Shirt", "Denim Jacket", "Hoodie", "Chino Trousers",
              "Wrap Dress", "Rain Jacket", "Striped Mariniere"),
             ("Navy", "Black", "Ecru", "Olive", "Terracotta", "Grey"), ("fashion", "sustainability")),
    Category("Shoes", 0.08, 0.07, 89.0, 0.40,
             ("Pas Léger", "Stride", "Veloce", "Cordonnerie Martin"),
             ("Leather Sneakers", "Running Shoes", "Chelsea Boots", "Canvas Trainers", "Trail Runners",
              "Loafers", "Sandals"),
             ("White", "Black", "Tan", "Navy"), ("running", "fashion")),
    Category("Accessories", 0.10, 0.08, 32.0, 0.60,
             ("Atelier Nord", "Maison Bleue", "Petite Maroquinerie", "Tempo"),
             ("Leather Wallet", "Tote Bag", "Wool Scarf", "Beanie", "Sunglasses", "Belt", "Backpack",
              "Watch Strap"),
             ("Black", "Camel", "Navy", "Forest"), ("fashion", "travel")),
    Category("Beauty", 0.12, 0.11, 22.0, 0.55,
             ("Belle Rive", "Pure Botanique", "Savonnerie du Sud", "Glow Lab"),
             ("Face Serum", "Hand Cream", "Shampoo Bar", "Lip Balm", "Night Cream", "Body Oil", "Cleansing Gel",
              "Eau de Parfum"),
             ("30ml", "50ml", "100ml", "Travel Size"), ("beauty", "skincare")),
    Category("Home", 0.10, 0.09, 34.0, 0.60,
             ("Maison Claire", "Atelier Céramique", "Linge de Maison", "Nordhem"),
             ("Ceramic Mug", "Linen Napkins", "Scented Candle", "Pour-Over Kettle", "French Press",
              "Throw Blanket", "Serving Bowl", "Coffee Grinder"),
             ("Small", "Large", "Set of 2", "Set of 4"), ("home decor", "cooking")),
    Category("Electronics", 0.05, 0.04, 119.0, 0.65,
             ("Voltaire Audio", "Nomad Tech", "Lumio", "Pixelia"),
             ("Wireless Earbuds", "Bluetooth Speaker", "Smart Scale", "Espresso Machine", "Power Bank",
              "Smartwatch", "Desk Lamp", "Milk Frother"),
             ("Black", "White", "Pro", "Mini"), ("tech", "gaming")),
    Category("Sports", 0.10, 0.08, 35.0, 0.55,
             ("Veloce", "Stride", "Zen Motion", "Summit"),
             ("Yoga Mat", "Running Shorts", "Water Bottle", "Resistance Bands", "Sports Bra", "Cycling Gloves",
              "Trail Vest", "Foam Roller"),
             ("S", "M", "L", "One Size"), ("running", "yoga", "cycling", "fitness")),
    Category("Books", 0.05, 0.05, 19.0, 0.35,
             ("Éditions du Parc", "Quai des Livres", "Papier Press"),
             ("Coffee Atlas", "Tea Rituals", "Running Journal", "Home Barista Guide", "Plant-Based Kitchen",
              "Yoga for Everyone", "City Walks Paris", "Mindful Mornings"),
             ("Paperback", "Hardcover", "Boxed Edition"), ("reading", "travel")),
)
CATEGORY_NAMES = tuple(c.name for c in CATEGORIES)
DEMAND_SHARES = np.array([c.demand_share for c in CATEGORIES])
# Categories whose products are often bought several at a time (consumables).
CONSUMABLE = np.array([c.name in ("Coffee", "Tea", "Beauty") for c in CATEGORIES])
# Collections linked from the menu besides the categories.
EXTRA_COLLECTIONS = ("sale", "new-arrivals")

_SLICE = 10**10  # separates categories in the (category, created_at) sampling key


def catalogue_size(n_customers: int) -> int:
    """Number of products for a customer base: one per 20 customers, 200..5000."""
    return int(np.clip(round(n_customers / 20), 200, 5000))


@dataclass
class Catalog:
    """Products as numpy arrays (index = position in the products table) and as Arrow."""

    category: np.ndarray
    price_cents: np.ndarray  # EUR list price
    created_s: np.ndarray
    product_id: pa.Array
    handle: pa.Array  # URL slug, unique
    table: pa.Table
    _order: np.ndarray  # product indices sorted by (category, created_at)
    _available: np.ndarray  # (category, day): end of the category's products created by the day's start
    _start_s: int
    _cum_weight: np.ndarray  # exclusive cumulative popularity in _order, length n + 1
    _category_start: np.ndarray  # first position of each category in _order

    @property
    def size(self) -> int:
        return len(self.category)

    def sample(self, rng: np.random.Generator, category: np.ndarray, at_s: np.ndarray) -> np.ndarray:
        """One product per draw: from ``category``, created before the day of ``at_s``, by popularity."""
        category = np.asarray(category, dtype=np.int64)
        day = np.clip((np.asarray(at_s, dtype=np.int64) - self._start_s) // SECONDS_PER_DAY, 0,
                      self._available.shape[1] - 1)
        lo = self._category_start[category]
        hi = self._available[category, day]
        w_lo = self._cum_weight[lo]
        w_hi = self._cum_weight[hi]
        target = w_lo + rng.random(len(category)) * (w_hi - w_lo)
        pos = np.searchsorted(self._cum_weight, target, side="right") - 1
        return self._order[np.clip(pos, lo, hi - 1)]


def _words(options: list[tuple[str, ...]], category: np.ndarray, rng: np.random.Generator,
           skew: float) -> tuple[np.ndarray, list[str]]:
    """Pick one word per product from its category's list (Zipf-skewed); returns flat indices."""
    flat: list[str] = []
    offsets = []
    for words in options:
        offsets.append(len(flat))
        flat.extend(words)
    sizes = np.array([len(w) for w in options])
    u = rng.random(len(category))
    within = np.floor(sizes[category] * u ** skew).astype(np.int64)
    return np.array(offsets)[category] + within, flat


def build_catalog(rng: np.random.Generator, n_customers: int, timeline: Timeline) -> Catalog:
    """Generate the products table."""
    n = catalogue_size(n_customers)
    shares = np.array([c.catalogue_share for c in CATEGORIES])
    category = categorical(rng, shares, n)
    category[: len(CATEGORIES)] = np.arange(len(CATEGORIES))  # every category exists

    launch = rng.random(n) < 0.55
    launch[: len(CATEGORIES)] = True
    created = np.where(
        launch,
        timeline.start_s + rng.integers(0, 6 * 3600, n),
        timeline.start_s + (rng.random(n) * (timeline.n_days - 1) * SECONDS_PER_DAY).astype(np.int64),
    )
    created[: len(CATEGORIES)] = timeline.start_s

    medians = np.array([c.median_price for c in CATEGORIES])
    sigmas = np.array([c.price_sigma for c in CATEGORIES])
    euros = medians[category] * np.exp(sigmas[category] * rng.standard_normal(n))
    endings = np.array([90, 99, 50, 0])[categorical(rng, (0.5, 0.3, 0.1, 0.1), n)]
    price_cents = np.maximum(np.floor(euros).astype(np.int64), 1) * 100 + endings

    popularity = lognormal_median(rng, 1.0, 1.1, n)
    popularity[rng.random(n) < 0.02] *= 12.0  # bestsellers

    # Products are numbered in creation order, like a shop back office does.
    order = np.lexsort((np.arange(n), created))
    category, created, price_cents, popularity = (a[order] for a in (category, created, price_cents, popularity))

    brand_idx, brands = _words([c.brands for c in CATEGORIES], category, rng, 1.3)
    item_idx, items = _words([c.items for c in CATEGORIES], category, rng, 1.2)
    variant_idx, variants = _words([c.variants for c in CATEGORIES], category, rng, 1.0)
    name = col.join_nonnull([col.pick(brands, brand_idx), col.pick(items, item_idx),
                             col.pick(variants, variant_idx)], " ")
    slug = col.join_nonnull([col.pick([slugify(w) for w in brands], brand_idx),
                             col.pick([slugify(w) for w in items], item_idx),
                             col.pick([slugify(w) for w in variants], variant_idx)], "-")
    # Shopify-style unique handles: the second product with the same slug gets "-2", ...
    slug_code = pc.dictionary_encode(slug).indices.to_numpy()
    by_slug = np.lexsort((np.arange(n), slug_code))
    counts = np.bincount(slug_code)
    rank = np.empty(n, dtype=np.int64)
    rank[by_slug] = position_in_group(counts[counts > 0])
    suffix = col.pick(["", *(f"-{k}" for k in range(2, int(rank.max()) + 2))], rank)
    handle = col.concat(slug, suffix)

    product_id = col.id_strings("P", np.arange(1, n + 1), 5)
    table = pa.table({
        "product_id": product_id,
        "name": name,
        "category": col.pick(CATEGORY_NAMES, category),
        "brand": col.pick(brands, brand_idx),
        "price": col.money(price_cents),
        "created_at": col.timestamps(created),
    })

    sample_order = np.lexsort((created, category))
    cum = np.concatenate([[0.0], np.cumsum(popularity[sample_order])])
    category_start = np.searchsorted(category[sample_order], np.arange(len(CATEGORIES)))
    key = category[sample_order] * _SLICE + created[sample_order]
    day_start = timeline.start_s + np.arange(timeline.n_days) * SECONDS_PER_DAY
    available = np.searchsorted(key, np.arange(len(CATEGORIES))[:, None] * _SLICE + day_start[None, :],
                                side="right")
    return Catalog(
        category=category,
        price_cents=price_cents,
        created_s=created,
        product_id=product_id,
        handle=handle,
        table=table,
        _order=sample_order,
        _available=available,
        _start_s=timeline.start_s,
        _cum_weight=cum,
        _category_start=category_start,
    )

"""Site extractors: one module per site, each a detect(page) → kind and an extract(page, kind) → (kind, candidates)."""

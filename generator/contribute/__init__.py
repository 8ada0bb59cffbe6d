"""Contributing: everything that helps a plant employee add an entry and a reviewer check it.

One module per responsibility: ``changed`` (which files a change touches, report filtering),
``similar`` (查重), ``changes`` (the reviewer's summary), ``guide`` (the generated parts of
docs/贡献指南.md), ``form`` (the 投稿 page), ``doctor`` (is this machine ready).
"""

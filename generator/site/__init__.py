"""The portal: a generated MkDocs docs tree over the whole knowledge base, rendered by Material.

One module per view (pages, listings, dashboards, bulletins, exports, home), plus markup (escaping
and sanitising contributor text), charts (inline SVG), verify (post-build scan) and publish
(release folders, atomic swap). `build.build_site` runs the pipeline.
"""

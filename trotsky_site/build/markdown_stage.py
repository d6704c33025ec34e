"""The Markdown stage over the whole site: results kept from earlier builds are reused (by render key),
and what is left is converted on every core."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..render.markdown import LinkTargets, MarkdownRenderer, Rendered
from .cache import Resolver, key_digest, paused_gc, render_key
from .parallel import PARALLEL_FROM, fork_map

if TYPE_CHECKING:
    from ..model.page import Page
    from ..model.site import Site
    from ..problems import Problem


def render_all(site: Site, targets: LinkTargets, renderer: MarkdownRenderer | None = None, *,
               store=None, templates_key: str = "", workers: int | None = None, keys: dict | None = None,
               deps_memo: dict | None = None) -> tuple[dict[str, Rendered], list[Problem]]:
    """Every page's Markdown, converted once per render key: `store` (a `cache.DiskStore`, or anything
    with get/put/save) keeps results between builds; what is left is converted on `workers` cores.
    With a store, `keys` (if given) receives each page's render key digest; `deps_memo` maps bodies to
    their `cache.PageDeps`, as far as they are known already."""
    rendered, digests = {}, {}
    if store is not None:
        resolver, memo = Resolver(site), {} if deps_memo is None else deps_memo
        keys = {} if keys is None else keys
        with paused_gc():
            for page_id, page in site.pages.items():
                digest = keys[page_id] = key_digest(render_key(page, site, resolver, memo, templates_key))
                rendered[page_id] = store.get(digest)
                if rendered[page_id] is None:
                    digests[page_id] = digest
    todo = [page_id for page_id in site.pages if rendered.get(page_id) is None]
    if len(todo) < PARALLEL_FROM:
        workers = 1
    converted = _convert(todo, site, targets, renderer, workers)
    for page_id, (result, card_failed) in zip(todo, converted):
        if card_failed:   # the card template failed: render here, where its problem is recorded
            result = (renderer or MarkdownRenderer()).render(site.pages[page_id], site, targets)
        elif store is not None and not result.problems:
            store.put(digests[page_id], result)
        rendered[page_id] = result
    if store is not None:
        store.save()
    return rendered, [problem for result in rendered.values() for problem in result.problems]


def _convert(page_ids: list[str], site: Site, targets: LinkTargets, renderer: MarkdownRenderer | None,
             workers: int | None) -> list[tuple[Rendered, bool]]:
    """(Rendered, whether a card came out empty) for each page, in order."""
    renderer = renderer or MarkdownRenderer()

    def convert(page_id: str) -> tuple[Rendered, bool]:
        failed = []

        def card(target: Page, here: str) -> str:
            html = targets.render_card(target, here)
            if not html:
                failed.append(target.id)
            return html
        return renderer.render(site.pages[page_id], site, replace(targets, render_card=card)), bool(failed)
    return fork_map(convert, page_ids, workers)
